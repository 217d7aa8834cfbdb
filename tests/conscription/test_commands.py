"""The ``qpdp callup_*`` commands: thin wrappers over the services, Vietnamese refusals, exit 1."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connections
from docx import Document

from qpdp.conscription import services
from qpdp.conscription.models import CallUpCycle, HealthKind, Quota
from tests.conscription.council import council_proposes


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def shell(capsys, monkeypatch):
    """Run as the shell does (``qpdp …``): returns the status the process would exit with and
    its stderr. ``run_from_argv`` closes every connection when it ends, which would drop the
    test transaction on PostgreSQL, so closing is a no-op here."""
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run_shell(*argv: str) -> tuple[int, str]:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exited:
            execute_from_command_line(["qpdp", *argv])
        return exited.value.code, capsys.readouterr().err

    return run_shell


@pytest.fixture
def cycle_2022(tree, accounts) -> CallUpCycle:
    run(
        "callup_cycle",
        "create",
        "--unit",
        "256",
        "--year",
        "2022",
        "--handover",
        "15/02/2022",
        "--user",
        accounts.city_commander.username,
    )
    return CallUpCycle.objects.get(unit=tree.city, year=2022)


def test_create_a_cycle(tree, accounts) -> None:
    out, _ = run(
        "callup_cycle",
        "create",
        "--unit",
        "24",
        "--year",
        "2026",
        "--handover",
        "27/02/2026",
        "--user",
        accounts.province_commander.username,
    )
    cycle = CallUpCycle.objects.get()
    assert cycle.unit == tree.province and cycle.handover_date == dt.date(2026, 2, 27)
    assert f"Đã tạo đợt tuyển quân số {cycle.pk}" in out
    assert "Quyết định gọi nhập ngũ" in out
    listing, _ = run("callup_cycle", "list")
    assert "Tuyển quân năm 2026" in listing and "27/02/2026" in listing


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--handover", "31/02/2022", "--user", "chihuy2022"], "không đúng dạng"),
        (["--handover", "15/06/2022", "--user", "chihuy2022"], "tháng Hai hoặc tháng Ba"),
        (["--handover", "15/02/2022", "--user", "khongco"], "Không có tài khoản"),
        (["--handover", "15/02/2022", "--user", "suoihoa2022"], "không có quyền"),
    ],
)
def test_create_refuses_bad_input_with_exit_status_1(
    accounts, shell, argv: list[str], message: str
) -> None:
    status, err = shell("callup_cycle", "create", "--unit", "256", "--year", "2022", *argv)
    assert status == 1
    assert message in err
    assert not CallUpCycle.objects.exists()


def test_writes_need_an_acting_user(accounts, shell) -> None:
    status, err = shell(
        "callup_cycle", "create", "--unit", "256", "--year", "2022", "--handover",
        "15/02/2022",
    )  # fmt: skip
    assert status != 0
    assert "--user" in err


def test_unknown_unit_code_on_the_handover_date(accounts, shell) -> None:
    # 24 is the province only since 01/07/2025: in 2022 it did not exist.
    status, err = shell(
        "callup_cycle", "create", "--unit", "24", "--year", "2022", "--handover",
        "15/02/2022", "--user", "chihuy",
    )  # fmt: skip
    assert status == 1
    assert "Không có đơn vị mã “24”" in err


def test_quotas_and_the_mismatch_warning(tree, cycle_2022) -> None:
    user = "chihuy2022"
    out, _ = run("callup_quota", "--cycle", str(cycle_2022.pk), "--unit", "256", "--number", "3",
                 "--on", "15/10/2021", "--user", user)  # fmt: skip
    assert "Đã giao chỉ tiêu 3 cho Thành phố Bắc Ninh" in out
    _, warning = run("callup_quota", "--cycle", str(cycle_2022.pk), "--unit", "09187",
                     "--number", "2", "--user", user)  # fmt: skip
    assert "Cảnh báo" in warning and "khác chỉ tiêu" in warning
    # 09187 on the 2022 handover date is Suối Hoa, not the new Kinh Bắc that reuses the code.
    assert Quota.objects.get(cycle=cycle_2022, unit__code="09187").unit == tree.suoi_hoa
    _, none = run("callup_quota", "--cycle", str(cycle_2022.pk), "--unit", "09172",
                  "--number", "1", "--user", user)  # fmt: skip
    assert none == ""


def test_quota_refusals(cycle_2022, shell) -> None:
    base = ["callup_quota", "--cycle", str(cycle_2022.pk), "--user", "chihuy2022"]
    status, err = shell(*base, "--unit", "256", "--number", "-1")
    assert status == 1 and "không được âm" in err
    status, err = shell(*base, "--unit", "09187", "--number", "2")
    assert status == 1 and "trước khi giao cho" in err  # the city's quota comes first
    status, err = shell("callup_quota", "--cycle", "999", "--unit", "256",
                              "--number", "2", "--user", "chihuy2022")  # fmt: skip
    assert status == 1 and "Không có đợt tuyển quân số 999" in err
    status, err = shell("callup_quota", "--cycle", str(cycle_2022.pk), "--unit",
                              "256", "--number", "2", "--user", "lanhdao")  # fmt: skip
    assert status == 1 and "quyền" in err
    assert not Quota.objects.exists()


@pytest.fixture
def handed_over(tree, accounts, make_person, cycle_2022) -> CallUpCycle:
    """Suối Hoa: quota 2, two men called, one handed over."""
    officer = accounts.city_commander
    cycle = cycle_2022
    services.assign_quota(officer, cycle, tree.city, 2, assigned_on=dt.date(2021, 10, 15))
    services.assign_quota(officer, cycle, tree.suoi_hoa, 2, assigned_on=dt.date(2021, 10, 20))
    council_proposes(officer, cycle, tree.suoi_hoa, dt.date(2022, 1, 10))
    services.approve_review(officer, cycle, tree.suoi_hoa, approved_on=dt.date(2022, 1, 10))
    for name in ("An", "Bình"):
        person = make_person(tree.suoi_hoa, given_name=name, birth_date=dt.date(2001, 6, 1),
                             education_level=12)  # fmt: skip
        services.record_registration(
            officer, person, registered_on=dt.date(2018, 4, 15), number=f"2018/{name}"
        )
        services.record_health(
            officer, cycle, person, kind=HealthKind.EXAMINATION,
            examined_on=dt.date(2021, 11, 20), health_class=2,
        )  # fmt: skip
        order = services.issue_order(
            officer, cycle, person, issued_on=dt.date(2022, 1, 20), report_place="Sân vận động"
        )
        order = services.record_delivery(officer, order, delivered_on=order.issued_on)
        if name == "An":
            services.record_handover(
                officer, order, handed_over=True, on=dt.date(2022, 2, 15), receiving_unit="QK1"
            )
    return cycle


def test_status_prints_quota_handed_over_and_percent(handed_over) -> None:
    out, _ = run("callup_status", "--cycle", str(handed_over.pk))
    lines = out.splitlines()
    assert "Chỉ tiêu" in lines[1] and "Đã giao" in lines[1] and "Tỷ lệ" in lines[1]
    city = next(line for line in lines if line.startswith("Thành phố Bắc Ninh"))
    ward = next(line for line in lines if "Phường Suối Hoa" in line)
    assert city.split()[-3:] == ["2", "1", "50,0%"]
    assert ward.split()[-3:] == ["2", "1", "50,0%"]


def test_orders_to_docx(handed_over, tmp_path) -> None:
    target = tmp_path / "lenh.docx"
    out, _ = run("callup_orders", "--cycle", str(handed_over.pk), "--unit", "256",
                 "-o", str(target), "--time", "07 giờ 00")  # fmt: skip
    assert "Đã in 2 lệnh gọi nhập ngũ" in out
    document = Document(target)
    assert len(document.sections) == 2
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Nguyễn Văn An" in text and "Nguyễn Văn Bình" in text
    assert "vào hồi 07 giờ 00" in text


def test_orders_refusals(handed_over, tmp_path, shell) -> None:
    status, err = shell("callup_orders", "--cycle", str(handed_over.pk), "--unit",
                              "09172", "-o", str(tmp_path / "x.docx"))  # fmt: skip
    assert status == 1 and "chưa có lệnh gọi nhập ngũ nào" in err
    status, err = shell("callup_orders", "--cycle", str(handed_over.pk), "--unit",
                              "256", "-o", str(tmp_path / "x.pdf"))  # fmt: skip
    assert status == 1 and ".docx" in err
    # An account sees only its scope: Võ Cường's staff has nothing of Suối Hoa to print.
    with pytest.raises(CommandError, match="chưa có lệnh"):
        run("callup_orders", "--cycle", str(handed_over.pk), "--unit", "256",
            "-o", str(tmp_path / "y.docx"), "--user", "vocuong")  # fmt: skip
    assert not (tmp_path / "x.docx").exists() and not (tmp_path / "y.docx").exists()
