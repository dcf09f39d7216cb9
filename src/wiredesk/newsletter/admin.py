from django.contrib import admin

from wiredesk.newsletter.models import (
    BounceEvent,
    Delivery,
    EditionNewsletter,
    NewsletterIssue,
    RateLimitHit,
    Subscriber,
    Subscription,
)


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "time_zone", "delivery_hour", "created_at"]
    search_fields = ["email"]
    exclude = ["token"]
    inlines = [SubscriptionInline]


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    list_display = ["edition", "date", "subject", "built_at"]
    list_filter = ["edition"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["issue", "subscriber", "status", "sent_at"]
    list_filter = ["status"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["subscriber", "edition", "status", "consent_at", "confirmed_at"]
    list_filter = ["edition", "status"]


@admin.register(BounceEvent)
class BounceEventAdmin(admin.ModelAdmin):
    list_display = ["subscriber", "kind", "status", "received_at"]
    list_filter = ["kind"]


@admin.register(RateLimitHit)
class RateLimitHitAdmin(admin.ModelAdmin):
    list_display = ["key", "at"]


@admin.register(EditionNewsletter)
class EditionNewsletterAdmin(admin.ModelAdmin):
    list_display = ["edition", "languages"]
