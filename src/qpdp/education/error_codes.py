"""Why the defense education services refuse a write: one code per refusal, for the API and
for programs that act on the error rather than read its Vietnamese message."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    ATTENDEE_NOT_FOUND = "attendee_not_found"
    ATTENDEE_TWICE = "attendee_twice"
    ATTENDEE_OUTSIDE_AREA = "attendee_outside_area"
    CERTIFICATE_WITHOUT_PASS = "certificate_without_pass"
    CERTIFICATE_TAKEN = "certificate_taken"
    COURSE_CODE_TAKEN = "course_code_taken"
    COURSE_DATES_ORDER = "course_dates_order"
    COURSE_NOT_ENDED = "course_not_ended"
    GROUP_REQUIRED = "group_required"
    GROUP_FROM_POST = "group_from_post"
    GROUP_NOT_FOUND = "group_not_found"
    POST_REQUIRED = "post_required"
    NUMBER_NEGATIVE = "number_negative"
    OFFICIAL_PERIOD_ORDER = "official_period_order"
    PLAN_EXISTS = "plan_exists"
    PLAN_GROUP_TWICE = "plan_group_twice"
    PLAN_COURSE_GROUP = "plan_course_group"
    RESULT_UNKNOWN = "result_unknown"
    TEXT_REQUIRED = "text_required"
    # database constraints (the last guard behind the services)
    REFRESH_ONCE_PER_DAY = "refresh_once_per_day"
    REFRESH_YEARS_RANGE = "refresh_years_range"
    OFFICIAL_PERIOD_ORDERED = "official_period_ordered"
    OFFICIAL_HAS_POST = "official_has_post"
    PLAN_UNIT_YEAR_UNIQUE = "plan_unit_year_unique"
    PLAN_LINE_ONCE_PER_GROUP = "plan_line_once_per_group"
    COURSE_CODE_UNIQUE = "course_code_unique"
    COURSE_DATES_ORDERED = "course_dates_ordered"
    ATTENDANCE_ONCE_PER_COURSE = "attendance_once_per_course"
    CERTIFICATE_UNIQUE = "certificate_unique"
    CERTIFICATE_ONLY_WHEN_PASSED = "certificate_only_when_passed"
    ATTENDEE_REQUIRED = "attendee_required"  # an attendance names no person and no identity number
