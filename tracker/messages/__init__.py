"""The vi/en words of every text tracker writes, one catalogue.

Each table maps a language to its words; Vietnamese and English have the same
keys (tests/test_messages.py). Words that belong to a status are keyed by its
`Status` member, which is its own string: a lookup with "lagging" finds it too.
The templates are `str.format` strings; what fills them is formatted by
tracker.formats. Kept light to import: nothing but the status vocabulary.

Here the words of statuses, figures, the terminal table and the check;
the report bundle's (summaries, charts, documents, dashboard) in report.py.
"""

from tracker.messages.report import CHARTS, DASHBOARD, NARRATIVE, REPORT
from tracker.statuses import Status

__all__ = [
    "CEILING_STATUS_LABELS",
    "CHARTS",
    "CHECK",
    "DASHBOARD",
    "FIGURES",
    "LANGUAGES",
    "NARRATIVE",
    "REPORT",
    "SPAN_TITLE",
    "YEARS_EN",
    "STATUS_LABELS",
    "STATUS_WORDS",
    "TABLE",
    "UNITS_EN",
]

LANGUAGES = ("vi", "en")

# Short words for a line of text (the terminal table, the check).
STATUS_WORDS = {
    "vi": {
        Status.ACHIEVED: "đã đạt",
        Status.BREACHED: "vượt trần",
        Status.ON_TRACK: "đúng tiến độ",
        Status.AT_RISK: "có nguy cơ chậm",
        Status.LAGGING: "chậm tiến độ",
        Status.NO_TARGET: "không giao chỉ tiêu",
        Status.NO_DATA: "chưa có số liệu",
    },
    "en": {
        Status.ACHIEVED: "achieved",
        Status.BREACHED: "breached",
        Status.ON_TRACK: "on track",
        Status.AT_RISK: "at risk",
        Status.LAGGING: "lagging",
        Status.NO_TARGET: "no target",
        Status.NO_DATA: "no data",
    },
}
# Labels for legends and tables (charts, the PDF, the Word document): see formats.status_label().
STATUS_LABELS = {
    "vi": {
        Status.ACHIEVED: "Đã đạt kế hoạch",
        Status.ON_TRACK: "Đúng tiến độ",
        Status.AT_RISK: "Có nguy cơ chậm",
        Status.LAGGING: "Chậm tiến độ",
        Status.BREACHED: "Vượt mức trần",
        Status.NO_DATA: "Chưa có số liệu",
        Status.NO_TARGET: "Không giao kế hoạch",
    },
    "en": {
        Status.ACHIEVED: "Achieved",
        Status.ON_TRACK: "On track",
        Status.AT_RISK: "At risk",
        Status.LAGGING: "Lagging",
        Status.BREACHED: "Ceiling exceeded",
        Status.NO_DATA: "No data",
        Status.NO_TARGET: "No target",
    },
}
# For a ceiling the model's at_risk and lagging mean an allowance used too fast.
CEILING_STATUS_LABELS = {
    "vi": {
        Status.ON_TRACK: "Trong mức trần",
        Status.AT_RISK: "Có nguy cơ vượt trần",
        Status.LAGGING: "Dùng mức trần quá nhanh",
    },
    "en": {
        Status.ON_TRACK: "Within the ceiling",
        Status.AT_RISK: "At risk of exceeding the ceiling",
        Status.LAGGING: "Ceiling used too fast",
    },
}

# The words tracker.formats writes beside a figure: the scales of money, a multiplier.
FIGURES = {
    "vi": {"billion": "tỷ đồng", "million": "triệu đồng", "times": "lần"},
    "en": {"billion": "billion đồng", "million": "million đồng", "times": "times"},
}
# Units are written in the workspace's language, Vietnamese in practice; English needs a
# translation and a plural (tracker.formats.quantity). A unit not listed is shown as written.
UNITS_EN = {
    "người": ("person", "people"),
    "hộ": ("household", "households"),
    "hồ sơ": ("file", "files"),
    "lượt": ("case", "cases"),
    "dự án": ("project", "projects"),
    "trẻ em": ("child", "children"),
    "đối tượng": ("beneficiary", "beneficiaries"),
    "lao động": ("worker", "workers"),
}

# `tracker status`: the terminal table (tracker/output.py).
TABLE = {
    "vi": {
        "heads": ("Chỉ tiêu", "Địa bàn", "Thực hiện", "Kế hoạch", "Đạt", "Tiến độ", "Dự báo", "Trạng thái"),
        "rank": "Hạng",
        "plan_column": "Cấp giao",
        "stale": "* số liệu chưa cập nhật đến tháng báo cáo",
    },
    "en": {
        "heads": ("Indicator", "Area", "Actual", "Plan", "Attained", "Expected", "Projected", "Status"),
        "rank": "Rank",
        "plan_column": "Plan",
        "stale": "* data older than the as-of month",
    },
}

# `tracker check` (tracker/check.py).
# The heading of a span's table, section and chart (SPEC section 7.4): a span is 2 to 10 years.
SPAN_TITLE = {"vi": "Kế hoạch {years} năm {span}", "en": "{years}-year plan {span}"}
YEARS_EN = dict(enumerate(["Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"], start=2))

CHECK = {
    "vi": {
        "title": "Kiểm tra tiến độ {month}{where}",
        "judged_against": "Đánh giá theo {plan}",
        Status.LAGGING: "Chậm tiến độ",
        Status.BREACHED: "Vượt trần",
        Status.AT_RISK: "Có nguy cơ chậm",
        "stale": "Số liệu chưa cập nhật đến tháng kiểm tra",
        "missing": "Tháng thiếu số liệu (tính là không phát sinh)",
        "reports": "Chưa báo cáo {month} ({n} địa bàn)",
        "through": "đến {month}",
        "more": "và {k} chỉ tiêu khác",
        "line": "{name}{area}: đạt {attainment} kế hoạch (tiến độ cần đạt {expected})",
        "line_ceiling": "{name}{area}: đã sử dụng {attainment} mức trần (tiến độ cho phép {expected})",
        "line_stale": "{name}{area}: số liệu đến {through}",
        "required": "; cần bình quân {need}/tháng từ nay đến cuối năm",
        "required_span": "; cần bình quân {need}/tháng từ nay đến hết giai đoạn",
        "span_behind": "{span}: chỉ tiêu chậm hoặc có nguy cơ chậm tiến độ",
        "acceleration": ", gấp {ratio} tốc độ đến nay",
        "worst": "chậm nhất",
        "worst_ceiling": "sử dụng nhanh nhất",
        "verdicts": "Kết luận từng chỉ tiêu",
        "ceiling_behind": "sử dụng nhanh hơn tiến độ cho phép",
        Status.ACHIEVED: "đã đạt kế hoạch năm",
        # the verdict and the missing reports alike
        Status.NO_DATA: "chưa có số liệu",
        "first": " (tháng đầu tiên)",
        "streak": ", {k} tháng liên tiếp (từ {month})",
        "behind": "; chậm {x} {months} so với tiến độ",
        "ahead_of_allowance": "; sớm {x} {months} so với tiến độ cho phép",
        "months": ("tháng", "tháng"),
        "stale_mark": " (số liệu đến {month})",
        "waiting": "Chưa tổng hợp được, chờ báo cáo của các địa bàn trực thuộc ({n})",
        "reporting": "{reported}/{children} địa bàn đã báo cáo",
        "reporting_behind": ", {k} địa bàn chậm tiến độ hoặc vượt trần",
        "verdict": "Kết luận: {found}.",
        "failing": "{n} chỉ tiêu chậm tiến độ hoặc vượt trần",
        "waiting_failing": "{n} chỉ tiêu chưa tổng hợp được có địa bàn chậm tiến độ hoặc vượt trần",
        "nothing": "Kết luận: không có chỉ tiêu chậm tiến độ hoặc vượt trần.",
    },
    "en": {
        "title": "Monthly check, {month}{where}",
        "judged_against": "Judged against the {plan}",
        Status.LAGGING: "Lagging",
        Status.BREACHED: "Breached",
        Status.AT_RISK: "At risk",
        "stale": "Data older than the as-of month",
        "missing": "Months missing inside a monthly series (counted as nothing happened)",
        "reports": "Missing reports for {month} ({n} areas)",
        "through": "through {month}",
        "more": "and {k} more",
        "line": "{name}{area}: {attainment} of the plan (expected {expected})",
        "line_ceiling": "{name}{area}: {attainment} of the ceiling used (pace allows {expected})",
        "line_stale": "{name}{area}: data through {through}",
        "required": "; needs {need} a month from now on",
        "required_span": "; needs {need} a month from now to the end of the span",
        "span_behind": "{span}: indicators lagging or at risk",
        "acceleration": ", {ratio} the pace so far",
        "worst": "lagging most",
        "worst_ceiling": "using it fastest",
        "verdicts": "Verdict by indicator",
        "ceiling_behind": "using the allowance faster than the pace allows",
        Status.ACHIEVED: "achieved the annual plan",
        # the verdict and the missing reports alike
        Status.NO_DATA: "no figure yet",
        "first": " (first month)",
        "streak": " for {k} months running (since {month})",
        "behind": "; {x} {months} behind the pace",
        "ahead_of_allowance": "; {x} {months} ahead of the allowed pace",
        "months": ("month", "months"),
        "stale_mark": " (data through {month})",
        "waiting": "Not rolled up yet, waiting for the areas below ({n})",
        "reporting": "{reported} of {children} areas reported",
        "reporting_behind": ", {k} of them lagging or breached",
        "verdict": "Verdict: {found}.",
        "failing": "{n} indicator(s) lagging or breached",
        "waiting_failing": "{n} indicator(s) not rolled up yet with areas lagging or breached",
        "nothing": "Verdict: nothing is lagging or breached.",
    },
}
