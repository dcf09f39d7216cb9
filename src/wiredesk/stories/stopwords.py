"""Short function-word lists for en/fr/de/ru (written for Wiredesk; folded: no accents).

Only grammatical words, weekdays and a few reporting verbs: content words such as
"president" or "war" stay, unlike in frequency-based lists (jusText's), because they carry
the story.
"""

EN = frozenset(
    """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not now of off on once only or other our ours
out over own same she should so some such than that the their theirs them themselves then
there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself said says say told
according mr mrs ms new one two three first last year years week day days time like get got
may might must shall us amid via since yet still even back many much
""".split()
)

FR = frozenset(
    """
a au aux avec ce ces cette cet dans de des du elle elles en et eux il ils je la le les leur
leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se
ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y ete etre avoir a ai
as avons avez ont est sont etait etaient sera seront fait plus selon apres avant entre
contre sans sous depuis lors dont comme aussi tres tout tous toute toutes deja encore ainsi
mardi lundi mercredi jeudi vendredi samedi dimanche annee ans jour jours deux trois premier
premiere dit declare a-t-il
""".split()
)

DE = frozenset(
    """
aber alle allem allen aller alles als also am an auch auf aus bei bin bis bist da damit dann
das dass dem den der des dich die dir doch dort du durch ein eine einem einen einer eines er
es etwa fur gegen hat hatte hatten hier ich ihm ihn ihr ihre im in ist ja jede jedem jeden
jeder jedes jetzt kann kein keine mit muss nach nicht noch nun nur ob oder ohne schon sein
seine seinem seinen seiner sich sie sind so soll sollen uber um und uns unser unter vom von
vor war waren warum was weil welche wenn wer werden wie wieder wir wird wo zu zum zur wurde
wurden worden habe haben sei seien sagte sagt erklarte laut am montag dienstag mittwoch
donnerstag freitag samstag sonntag jahr jahren jahre zwei drei erste ersten neue neuen mehr
bereits sowie zudem
""".split()
)

RU = frozenset(
    """
и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был
него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо
ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот
того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда
зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас
про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть
том нельзя такой им более всегда конечно всю между это также заявил заявила сообщил сообщила
сообщает по словам года году год лет понедельник вторник среду четверг пятницу субботу
воскресенье который которая которые которых
""".split()
)

BY_LANG = {"en": EN, "fr": FR, "de": DE, "ru": RU}
