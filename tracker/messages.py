"""The vi/en words of every text tracker writes, one catalogue.

Each table maps a language to its words; Vietnamese and English have the same
keys (tests/test_messages.py). Words that belong to a status are keyed by its
`Status` member, which is its own string: a lookup with "lagging" finds it too.
The templates are `str.format` strings; what fills them is formatted by
tracker.formats. Kept light to import: nothing but the status vocabulary.
"""

from tracker.statuses import Pace, Status

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
        "stale": "* số liệu chưa cập nhật đến tháng báo cáo",
    },
    "en": {
        "heads": ("Indicator", "Area", "Actual", "Plan", "Attained", "Expected", "Projected", "Status"),
        "rank": "Rank",
        "stale": "* data older than the as-of month",
    },
}

# `tracker check` (tracker/check.py).
CHECK = {
    "vi": {
        "title": "Kiểm tra tiến độ {month}{where}",
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

# The report's summaries (tracker/narrative.py). The opening counts word at_risk and lagging neutrally
# because they cover ceilings too, where they mean an allowance used too fast.
NARRATIVE = {
    "vi": {
        "title": "tình hình thực hiện kế hoạch đến {month}",
        "counts": "Tính đến {month}, có {n} chỉ tiêu được giao kế hoạch năm: {counts}.",
        "no_targets": "Tính đến {month}, không có chỉ tiêu nào được giao kế hoạch năm.",
        "tracked_more": "Ngoài ra, {n} chỉ tiêu được theo dõi, không giao kế hoạch.",
        "tracked_only": "Có {n} chỉ tiêu được theo dõi, không giao kế hoạch.",
        "pace": "Tiến độ được đánh giá {paces}.",
        "pace_count": "{pace} ({n} chỉ tiêu)",
        "paces": {
            Pace.LINEAR: "theo kế hoạch năm chia đều cho 12 tháng",
            Pace.SEASONAL: "theo tính mùa vụ của các năm trước",
            Pace.NONE: "bằng cách so trực tiếp với chỉ tiêu",
        },
        "count_labels": {
            Status.ACHIEVED: "đã hoàn thành kế hoạch năm",
            Status.ON_TRACK: "đúng tiến độ",
            Status.AT_RISK: "có nguy cơ không đạt tiến độ",
            Status.LAGGING: "không đạt tiến độ",
            Status.BREACHED: "vượt mức trần",
            Status.NO_DATA: "chưa có số liệu",
        },
        "and": "và",
        "status": {
            Status.ACHIEVED: "đã hoàn thành kế hoạch năm",
            Status.ON_TRACK: "đúng tiến độ",
            Status.AT_RISK: "có nguy cơ chậm tiến độ",
            Status.LAGGING: "chậm tiến độ",
        },
        "ceiling_status": {
            Status.ON_TRACK: "trong giới hạn tiến độ cho phép",
            Status.AT_RISK: "hơi nhanh so với tiến độ cho phép",
            Status.LAGGING: "nhanh hơn tiến độ cho phép",
            Status.BREACHED: "đã vượt mức trần",
        },
        "of": "{actual}/{target}",
        "flow": "{name} đạt {attainment} so với kế hoạch năm ({figures}), {status}",
        "ceiling": "{name} đã sử dụng {attainment} mức trần năm ({figures}), {status}",
        "level": "{name} đạt {actual} so với kế hoạch năm {target}, {status}",
        "level_baseline": (
            "{name} đạt {actual} (đầu năm {baseline}, kế hoạch năm {target}), "
            "thực hiện {attainment} mức {change} kế hoạch, {status}"
        ),
        "increase": "tăng",
        "decrease": "giảm",
        Status.NO_DATA: "{name}: chưa có số liệu thực hiện (kế hoạch năm {target})",
        "no_data_ceiling": "{name}: chưa có số liệu thực hiện (mức trần năm {target})",
        "tracked": "{name}: {actual}",
        "yoy_up": "tăng {change} so với cùng kỳ",
        "yoy_down": "giảm {change} so với cùng kỳ",
        "yoy_level": "bằng cùng kỳ",
        "stale": "(số liệu đến {month})",
        "estimate": "(ước thực hiện)",
        "qualifiers": {"hơn": "hơn", "trên": "trên", "khoảng": "khoảng", "gần": "gần"},
        "other_group": "Các chỉ tiêu khác",
        "only_group": "Kết quả thực hiện",
        "closing_second_half": "Nhiệm vụ 6 tháng cuối năm",
        "closing": "Nhiệm vụ những tháng còn lại",
        "required": "{name}: cần bình quân {per_month}/tháng",
        "ceiling_required": (
            "{name}: để không vượt mức trần, chỉ sử dụng bình quân tối đa {per_month}/tháng"
        ),
        "faster": ", gấp {ratio} tốc độ {elapsed}",
        "slower": ", bằng {ratio} tốc độ {elapsed}",
        "nothing_yet": "; {elapsed} chưa có kết quả",
        "elapsed": "{m} tháng đầu năm",
        "elapsed_one": "tháng đầu năm",
        "shortfall": "{name}: còn thiếu {remaining} so với kế hoạch năm",
        "level_up": "{name}: cần đạt {target} vào cuối năm (hiện đạt {actual})",
        "level_down": "{name}: cần giảm xuống {target} vào cuối năm (hiện ở mức {actual})",
        "reporting": "{reported}/{children} địa bàn đã báo cáo",
        "waiting": "{name}: chưa tổng hợp được, {reporting}; {areas}",
        "area_flow": "{area} đạt {attainment} kế hoạch (tiến độ cần đạt {expected}), {status}",
        "area_ceiling": "{area} đã sử dụng {attainment} mức trần (tiến độ cho phép {expected}), {status}",
        "none_behind": "Không có chỉ tiêu nào không đạt hoặc có nguy cơ không đạt tiến độ.",
    },
    "en": {
        "title": "progress against the plan to {month}",
        "counts": "As of {month}, {n} {indicators} {have} an annual target: {counts}.",
        "no_targets": "As of {month}, no indicator has an annual target.",
        "tracked_more": "{n} more {indicators} {are} tracked without a target.",
        "tracked_only": "{n} {indicators} {are} tracked without a target.",
        "pace": "Pace is judged {paces}.",
        "pace_count": "{pace} ({n} {indicators})",
        "paces": {
            Pace.LINEAR: "against the annual plan spread evenly over 12 months",
            Pace.SEASONAL: "against the seasonal pattern of earlier years",
            Pace.NONE: "by comparing the level directly with its target",
        },
        "count_labels": {
            Status.ACHIEVED: "achieved",
            Status.ON_TRACK: "on track",
            Status.AT_RISK: "at risk",
            Status.LAGGING: "lagging",
            Status.BREACHED: "breached",
            Status.NO_DATA: "with no data yet",
        },
        "and": "and",
        "status": {
            Status.ACHIEVED: "the annual plan is already met",
            Status.ON_TRACK: "on track",
            Status.AT_RISK: "at risk of falling behind",
            Status.LAGGING: "behind pace",
        },
        "ceiling_status": {
            Status.ON_TRACK: "within the pace allowed",
            Status.AT_RISK: "a little faster than the pace allows",
            Status.LAGGING: "faster than the pace allows",
            Status.BREACHED: "over the ceiling",
        },
        "of": "{actual} of {target}",
        "flow": "{name} reached {attainment} of the annual plan ({figures}), {status}",
        "ceiling": "{name} used {attainment} of the annual ceiling ({figures}), {status}",
        "level": "{name} reached {actual} against an annual target of {target}, {status}",
        "level_baseline": (
            "{name} stands at {actual} (start of year {baseline}, annual target {target}), "
            "{attainment} of the planned {change}, {status}"
        ),
        "increase": "increase",
        "decrease": "reduction",
        Status.NO_DATA: "{name}: no figures reported yet (annual target {target})",
        "no_data_ceiling": "{name}: no figures reported yet (annual ceiling {target})",
        "tracked": "{name}: {actual}",
        "yoy_up": "up {change} on the same period last year",
        "yoy_down": "down {change} on the same period last year",
        "yoy_level": "level with the same period last year",
        "stale": "(figures to {month})",
        "estimate": "(estimate)",
        "qualifiers": {"hơn": "more than", "trên": "more than", "khoảng": "about", "gần": "nearly"},
        "other_group": "Other indicators",
        "only_group": "Results",
        "closing_second_half": "What the rest of the year requires",
        "closing": "What the rest of the year requires",
        "required": "{name}: needs an average of {per_month} a month",
        "ceiling_required": (
            "{name}: to stay within the ceiling, use at most an average of {per_month} a month"
        ),
        "faster": ", {ratio} the monthly average of {elapsed}",
        "slower": ", {ratio} the monthly average of {elapsed}",
        "nothing_yet": "; nothing delivered in {elapsed}",
        "elapsed": "the first {m} months",
        "elapsed_one": "January",
        "shortfall": "{name}: {remaining} short of the annual plan",
        "level_up": "{name}: needs to reach {target} by the year's end (now {actual})",
        "level_down": "{name}: needs to come down to {target} by the year's end (now {actual})",
        "reporting": "{reported} of {children} areas have reported",
        "waiting": "{name}: not rolled up yet, {reporting}; {areas}",
        "area_flow": "{area} reached {attainment} of its plan (expected {expected}), {status}",
        "area_ceiling": "{area} used {attainment} of its ceiling (pace allows {expected}), {status}",
        "none_behind": "No indicator is lagging or at risk.",
    },
}

# The charts (tracker/charts/).
CHARTS = {
    "vi": {
        "target": "Kế hoạch năm",
        "ceiling": "Mức trần kế hoạch",
        "ceiling_tag": "mức\u00a0trần",
        "actual_flow": "Thực hiện lũy kế",
        "actual_level": "Thực hiện",
        "expected": "Tiến độ dự kiến",
        "projection": "Dự báo cuối năm",
        "range": "Khoảng dự báo",
        "overview": "Tiến độ thực hiện kế hoạch năm {year}\nSố liệu đến {month}",
        "areas": "Thực hiện theo địa bàn, năm {year} (đến {month})",
        "attainment": "Tỷ lệ so với kế hoạch năm",
        "used": "Tỷ lệ đã dùng của mức trần",
        "reached": "đạt {pct}",
        "reached_ceiling": "đã dùng {pct}",
        "estimate": "ước",
        "through": "đến {month}",
        Status.NO_DATA: "Chưa có số liệu",
        "nothing": "Không có chỉ tiêu nào có kế hoạch",
        "no_areas": "Không có số liệu theo địa bàn",
        "all_areas": "Toàn địa bàn",
        "months": tuple(f"T{m}" for m in range(1, 13)),
        # The legend's words for a ceiling, where they differ from CEILING_STATUS_LABELS.
        "status_ceiling": {Status.ON_TRACK: "Trong mức trần, đúng tiến độ"},
    },
    "en": {
        "target": "Annual plan",
        "ceiling": "Plan ceiling",
        "ceiling_tag": "ceiling",
        "actual_flow": "Actual year-to-date",
        "actual_level": "Actual",
        "expected": "Expected pace",
        "projection": "Year-end projection",
        "range": "Projection range",
        "overview": "Progress on the {year} plan\nFigures as of {month}",
        "areas": "Attainment by area, {year} (as of {month})",
        "attainment": "Share of the annual plan",
        "used": "Share of the ceiling used",
        "reached": "{pct} of plan",
        "reached_ceiling": "{pct} used",
        "estimate": "est.",
        "through": "to {month}",
        Status.NO_DATA: "No data",
        "nothing": "No indicator has a target",
        "no_areas": "No figures by area",
        "all_areas": "All areas",
        "months": (
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
        ),
        "status_ceiling": {Status.ON_TRACK: "Within the ceiling"},
    },
}
