"""Exact fingerprints: what a re-send changes must not change them; what a reader sees must."""

from wiredesk.stories.fingerprint import fingerprint, normalise, shingles


def test_layout_case_and_punctuation_do_not_count():
    a = "Floods hit Dhaka.\n\nTwo million displaced, officials say."
    b = "  floods HIT dhaka --  two million displaced; officials say!  "
    assert normalise(a) == normalise(b) == "floods hit dhaka two million displaced officials say"
    assert fingerprint(a) == fingerprint(b)


def test_unicode_forms_fold():
    assert fingerprint("Grünheide ﬁrm") == fingerprint("Gru\u0308nheide firm")


def test_a_changed_figure_changes_the_fingerprint():
    assert fingerprint("12 people died") != fingerprint("13 people died")


def test_shingles_are_three_word_runs():
    assert shingles("one two three four") == {b"one two three", b"two three four"}
    assert shingles("short text") == {b"short text"}
    assert shingles("") == set()
