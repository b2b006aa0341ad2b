from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = "Minutes"

    def ready(self):
        from boards.chairing import register_check
        from boards.packs import register_standing_item
        from boards.publicity import public_record_changed
        from pcp_portal import public_changes
        from pcp_portal.panels import register

        from . import chairing, models, pack, search, services, views, views_room, workday

        # What of the minutes the public sees, for the page cache (minutes, their items, declarations and
        # actions answer by their own `public()`).
        public_changes.follows(
            models.Minutes,
            models.MinutesEvent,
            models.Attendance,
            models.MinutesInitials,
            models.CorrectionNote,
            via="minutes",
        )

        search.connect()
        register_check(chairing.chair_objection)
        register_standing_item("minutes", pack.pack_parts)
        public_record_changed.connect(services.refresh_public_version, dispatch_uid="minutes-public-version")
        register("meeting", views.meeting_panel)
        register("staff_meeting", views_room.screen_link)
        register("staff_meeting", views.staff_meeting_panel)
        register("board", views.board_panel)
        register("workday", workday.workday_panel)
