"""What an import did, so it can be shown, reported, audited and undone.

An ``ImportRun`` is created by the preview (nothing written to the registry yet) and then
committed, rejected or undone. A large file's preview and commit run as background jobs; the
``job_*`` fields say where such a job stands, so the officer can leave the page and come back.
``ImportedRow`` links a run to each record it created or changed, with the values it replaced,
so undo can put them back while nobody has touched them since.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import ScopedQuerySet
from qpdp.core.units import Unit


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Đang kiểm tra tệp")
    FAILED = "failed", _("Không kiểm tra được tệp")
    PREVIEW = "preview", _("Xem trước")
    COMMITTED = "committed", _("Đã ghi")
    REJECTED = "rejected", _("Bị từ chối")
    UNDONE = "undone", _("Đã hoàn tác")


class RunMode(models.TextChoices):
    ALL = "all", _("Tất cả hoặc không")
    VALID = "valid", _("Chỉ các dòng hợp lệ")


class JobPhase(models.TextChoices):
    PREVIEW = "preview", _("Kiểm tra tệp")
    COMMIT = "commit", _("Ghi vào sổ")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ xử lý")
    RUNNING = "running", _("Đang xử lý")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Thất bại")
    INTERRUPTED = "interrupted", _("Bị gián đoạn")


class ImportRun(models.Model):
    """One file brought into one registry: who, when, which file, and what happened to each row."""

    unit_field = "unit"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, verbose_name=_("người nhập")
    )
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    committed_at = models.DateTimeField(_("thời điểm ghi"), null=True, blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    checksum = models.CharField(_("mã băm SHA-256"), max_length=64)
    source_path = models.CharField(max_length=500, blank=True)
    layout = models.CharField(_("mẫu nhập"), max_length=40)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    mode = models.CharField(_("cách ghi"), max_length=8, choices=RunMode.choices, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=RunStatus.choices, default=RunStatus.PREVIEW
    )
    mapping = models.JSONField(default=dict, blank=True)
    headers = models.JSONField(default=list, blank=True)
    total_rows = models.PositiveIntegerField(_("số dòng dữ liệu"), default=0)
    created_count = models.PositiveIntegerField(_("thêm mới"), default=0)
    updated_count = models.PositiveIntegerField(_("cập nhật"), default=0)
    unchanged_count = models.PositiveIntegerField(_("không đổi"), default=0)
    rejected_count = models.PositiveIntegerField(_("bị loại"), default=0)
    legacy_cells = models.PositiveIntegerField(_("ô chuyển từ mã cũ"), default=0)
    skipped = models.JSONField(_("dòng bỏ qua"), default=list, blank=True)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    error_rows = models.JSONField(default=list, blank=True)
    file_size = models.PositiveBigIntegerField(_("dung lượng tệp"), default=0)
    job_phase = models.CharField(
        _("việc chạy nền"), max_length=8, choices=JobPhase.choices, blank=True
    )
    job_state = models.CharField(
        _("tình trạng việc chạy nền"), max_length=12, choices=JobState.choices, blank=True
    )
    job_message = models.TextField(_("thông báo của việc chạy nền"), blank=True)
    job_mode = models.CharField(max_length=8, choices=RunMode.choices, blank=True)
    job_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    task_id = models.CharField(max_length=64, blank=True)
    job_started_at = models.DateTimeField(null=True, blank=True)
    job_finished_at = models.DateTimeField(null=True, blank=True)
    rows_estimate = models.PositiveIntegerField(_("số dòng ước tính"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def job_active(self) -> bool:
        return self.job_state in (JobState.QUEUED, JobState.RUNNING)


class RowAction(models.TextChoices):
    CREATED = "created", _("Thêm mới")
    UPDATED = "updated", _("Cập nhật")


class ImportedRow(models.Model):
    """A record a run created or changed, with what undo needs to reverse it.

    ``record_id`` is the id of a record of the layout's registry (a person for the people
    layout): the engine knows no registry, so it is a plain id, and the layout's ``Records``
    read it back and decide whether the record is still as the run left it (``version_after``).
    Ids are never reused (``writer.allocate_ids``), so a deleted record's id matches nothing.
    """

    run = models.ForeignKey(ImportRun, models.CASCADE, related_name="rows")
    record_id = models.BigIntegerField()
    row_number = models.PositiveIntegerField()
    action = models.CharField(max_length=8, choices=RowAction.choices)
    before = models.JSONField(default=dict, blank=True)
    version_after = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["run", "action"], name="imported_row_run_idx")]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.row_number} {self.action}"


class SavedMapping(models.Model):
    """An officer's column choices for a file shape (header signature), reused for the next file."""

    layout = models.CharField(max_length=40)
    signature = models.CharField(max_length=64)
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="+")
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["layout", "signature", "unit"], name="saved_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.layout} {self.signature[:8]}"
