"""The report's summaries in Vietnamese and English (tracker/narrative.py), line by line."""

import pytest
from narrative_rows import (
    NAN,
    ORG,
    claims,
    covid,
    enrolment,
    frame,
    gift_funds,
    jobs,
    lines,
    row,
    spending,
)

from tracker.narrative import summary


def test_whole_summary_vi():
    rows = frame(jobs(yoy=0.05), enrolment(), claims(), spending(), gift_funds(), covid())
    assert summary(rows, "vi", ORG) == (
        "# Sở LĐ-TB&XH tỉnh Trà Vinh: tình hình thực hiện kế hoạch đến tháng 6/2020\n"
        "\n"
        "Tính đến tháng 6/2020, có 4 chỉ tiêu được giao kế hoạch năm: 1 đúng tiến độ, "
        "2 có nguy cơ không đạt tiến độ và 1 không đạt tiến độ. "
        "Ngoài ra, 2 chỉ tiêu được theo dõi, không giao kế hoạch. "
        "Tiến độ được đánh giá theo kế hoạch năm chia đều cho 12 tháng (3 chỉ tiêu) "
        "và bằng cách so trực tiếp với chỉ tiêu (1 chỉ tiêu).\n"
        "\n"
        "## Lao động - Việc làm\n"
        "\n"
        "- Giải quyết việc làm đạt 45% so với kế hoạch năm (9.000/20.000 người), "
        "có nguy cơ chậm tiến độ, tăng 5% so với cùng kỳ.\n"
        "- Tuyển sinh, đào tạo nghề đạt 20% so với kế hoạch năm (4.000/20.000 người), "
        "chậm tiến độ (số liệu đến tháng 4/2020).\n"
        "- Hồ sơ hưởng bảo hiểm thất nghiệp được giải quyết: 3.276 hồ sơ.\n"
        "\n"
        "## Tài chính\n"
        "\n"
        "- Chi hoạt động thường xuyên đã sử dụng 60% mức trần năm (6 tỷ đồng/10 tỷ đồng), "
        "hơi nhanh so với tiến độ cho phép.\n"
        "\n"
        "## Bảo trợ xã hội\n"
        "\n"
        "- Kinh phí tặng quà hộ cận nghèo: hơn 5,842 tỷ đồng.\n"
        "- Chi trả hỗ trợ người dân gặp khó khăn do Covid-19 đạt 99,74% so với kế hoạch năm "
        "100%, đúng tiến độ (ước thực hiện).\n"
        "\n"
        "## Nhiệm vụ 6 tháng cuối năm\n"
        "\n"
        "- Giải quyết việc làm: cần bình quân 1.833 người/tháng, "
        "gấp 1,22 lần tốc độ 6 tháng đầu năm.\n"
        "- Tuyển sinh, đào tạo nghề: cần bình quân 2.000 người/tháng, "
        "gấp 2 lần tốc độ 4 tháng đầu năm (số liệu đến tháng 4/2020).\n"
        "- Chi hoạt động thường xuyên: để không vượt mức trần, chỉ sử dụng bình quân tối đa "
        "666,7 triệu đồng/tháng, bằng 0,67 lần tốc độ 6 tháng đầu năm.\n"
    )


def test_whole_summary_en():
    rows = frame(jobs(yoy=0.05), enrolment(), claims(), spending(), gift_funds(), covid())
    assert summary(rows, "en", ORG) == (
        "# Sở LĐ-TB&XH tỉnh Trà Vinh: progress against the plan to June 2020\n"
        "\n"
        "As of June 2020, 4 indicators have an annual target: 1 on track, 2 at risk and "
        "1 lagging. 2 more indicators are tracked without a target. "
        "Pace is judged against the annual plan spread evenly over 12 months (3 indicators) "
        "and by comparing the level directly with its target (1 indicator).\n"
        "\n"
        "## Lao động - Việc làm\n"
        "\n"
        "- Job creation reached 45% of the annual plan (9,000 of 20,000 people), "
        "at risk of falling behind, up 5% on the same period last year.\n"
        "- Vocational enrolment reached 20% of the annual plan (4,000 of 20,000 people), "
        "behind pace (figures to April 2020).\n"
        "- Hồ sơ hưởng bảo hiểm thất nghiệp được giải quyết: 3,276 files.\n"
        "\n"
        "## Tài chính\n"
        "\n"
        "- Running costs used 60% of the annual ceiling (6 billion đồng of 10 billion đồng), "
        "a little faster than the pace allows.\n"
        "\n"
        "## Bảo trợ xã hội\n"
        "\n"
        "- Gifts to near-poor households: more than 5.842 billion đồng.\n"
        "- Covid-19 support paid reached 99.74% against an annual target of 100%, "
        "on track (estimate).\n"
        "\n"
        "## What the rest of the year requires\n"
        "\n"
        "- Job creation: needs an average of 1,833 people a month, "
        "1.22 times the monthly average of the first 6 months.\n"
        "- Vocational enrolment: needs an average of 2,000 people a month, "
        "2 times the monthly average of the first 4 months (figures to April 2020).\n"
        "- Running costs: to stay within the ceiling, use at most an average of "
        "666.7 million đồng a month, 0.67 times the monthly average of the first 6 months.\n"
    )


def test_flow_sentence_and_closing_numbers():
    text = lines(frame(jobs()), "vi")
    assert (
        "- Giải quyết việc làm đạt 45% so với kế hoạch năm (9.000/20.000 người), có nguy cơ chậm tiến độ."
    ) in text
    assert (
        "- Giải quyết việc làm: cần bình quân 1.833 người/tháng, gấp 1,22 lần tốc độ 6 tháng đầu năm."
    ) in text


def test_closing_heading_outside_june():
    rows = frame(
        jobs(
            as_of="2020-09",
            data_through="2020-09",
            actual=12000,
            attainment=0.6,
            expected=0.75,
            index=0.8,
            remaining=8000,
            run_rate=12000 / 9,
            required_per_month=8000 / 3,
            acceleration=(8000 / 3) / (12000 / 9),
        )
    )
    text = lines(rows, "vi")
    assert "## Nhiệm vụ những tháng còn lại" in text
    assert (
        "- Giải quyết việc làm: cần bình quân 2.667 người/tháng, gấp 2 lần tốc độ 9 tháng đầu năm."
    ) in text
    assert "## What the rest of the year requires" in lines(rows, "en")


def test_closing_small_monthly_need_keeps_a_decimal():
    rows = frame(
        jobs(
            name="Đưa lao động đi làm việc ở nước ngoài",
            target=200,
            actual=64,
            attainment=0.32,
            index=0.64,
            status="lagging",
            remaining=136,
            run_rate=64 / 6,
            required_per_month=136 / 6,
            acceleration=136 / 64,
        ),
        jobs(
            indicator="grants",
            name="Hỗ trợ khởi nghiệp",
            target=30,
            actual=6,
            attainment=0.2,
            index=0.4,
            status="lagging",
            remaining=24,
            run_rate=1,
            required_per_month=4,
            acceleration=4,
        ),
        jobs(
            indicator="advisers",
            name="Tuyển dụng tư vấn viên",
            target=10,
            actual=1,
            attainment=0.1,
            index=0.2,
            status="lagging",
            remaining=9,
            run_rate=1 / 6,
            required_per_month=1.5,
            acceleration=9,
        ),
    )
    text = lines(rows, "vi")
    assert (
        "- Đưa lao động đi làm việc ở nước ngoài: cần bình quân 23 người/tháng, "
        "gấp 2,13 lần tốc độ 6 tháng đầu năm."
    ) in text
    assert ("- Hỗ trợ khởi nghiệp: cần bình quân 4 người/tháng, gấp 4 lần tốc độ 6 tháng đầu năm.") in text
    assert (
        "- Tuyển dụng tư vấn viên: cần bình quân 1,5 người/tháng, gấp 9 lần tốc độ 6 tháng đầu năm."
    ) in text


def test_closing_when_nothing_delivered_yet():
    rows = frame(
        jobs(
            data_through="2020-01",
            as_of="2020-01",
            actual=0,
            attainment=0,
            expected=1 / 12,
            index=0,
            status="lagging",
            remaining=20000,
            run_rate=0,
            required_per_month=20000 / 11,
            acceleration=NAN,
        )
    )
    assert (
        "- Giải quyết việc làm: cần bình quân 1.818 người/tháng; tháng đầu năm chưa có kết quả."
    ) in lines(rows, "vi")
    assert (
        "- Job creation: needs an average of 1,818 people a month; nothing delivered in January."
    ) in lines(rows, "en")


def test_closing_at_year_end_states_the_shortfall():
    rows = frame(
        jobs(
            as_of="2020-12",
            data_through="2020-12",
            actual=17000,
            attainment=0.85,
            expected=1,
            index=0.85,
            remaining=3000,
            run_rate=17000 / 12,
            required_per_month=NAN,
            acceleration=NAN,
        )
    )
    assert "- Giải quyết việc làm: còn thiếu 3.000 người so với kế hoạch năm." in lines(rows, "vi")
    assert "- Job creation: 3,000 people short of the annual plan." in lines(rows, "en")


def test_nothing_behind():
    rows = frame(jobs(status="on_track", index=0.96), claims())
    text = lines(rows, "vi")
    assert text[-1] == "Không có chỉ tiêu nào không đạt hoặc có nguy cơ không đạt tiến độ."
    assert lines(rows, "en")[-1] == "No indicator is lagging or at risk."


def test_ceiling_is_worded_as_allowance_used():
    rows = frame(spending(status="lagging", actual=7e9, attainment=0.7, index=0.5 / 0.7))
    assert (
        "- Chi hoạt động thường xuyên đã sử dụng 70% mức trần năm (7 tỷ đồng/10 tỷ đồng), "
        "nhanh hơn tiến độ cho phép."
    ) in lines(rows, "vi")
    assert (
        "- Running costs used 70% of the annual ceiling (7 billion đồng of 10 billion đồng), "
        "faster than the pace allows."
    ) in lines(rows, "en")


def test_ceiling_within_pace_and_breached():
    rows = frame(
        spending(status="on_track", actual=4e9, attainment=0.4, index=1.25),
        spending(indicator="travel", name="Công tác phí", status="breached", actual=12e9, attainment=1.2),
    )
    text = lines(rows, "vi")
    assert (
        "- Chi hoạt động thường xuyên đã sử dụng 40% mức trần năm (4 tỷ đồng/10 tỷ đồng), "
        "trong giới hạn tiến độ cho phép."
    ) in text
    assert ("- Công tác phí đã sử dụng 120% mức trần năm (12 tỷ đồng/10 tỷ đồng), đã vượt mức trần.") in text
    assert "1 đúng tiến độ và 1 vượt mức trần." in text[2]
    assert "1 on track and 1 breached." in lines(rows, "en")[2]


def test_stale_row_is_marked():
    text = lines(frame(enrolment()), "vi")
    assert (
        "- Tuyển sinh, đào tạo nghề đạt 20% so với kế hoạch năm (4.000/20.000 người), "
        "chậm tiến độ (số liệu đến tháng 4/2020)."
    ) in text


def test_estimate_is_marked():
    assert (
        "- Chi trả hỗ trợ người dân gặp khó khăn do Covid-19 đạt 99,74% so với kế hoạch năm "
        "100%, đúng tiến độ (ước thực hiện)."
    ) in lines(frame(covid()), "vi")
    assert (
        "- Job creation reached 45% of the annual plan (9,000 of 20,000 people), "
        "at risk of falling behind (figures to April 2020) (estimate)."
    ) in lines(frame(jobs(stale=True, data_through="2020-04", estimate=True)), "en")


def test_tracked_money_with_note():
    text = lines(frame(gift_funds()), "vi")
    assert "- Kinh phí tặng quà hộ cận nghèo: hơn 5,842 tỷ đồng." in text
    assert "- Gifts to near-poor households: more than 5.842 billion đồng." in lines(
        frame(gift_funds()), "en"
    )
    assert "- Kinh phí tặng quà hộ cận nghèo: trên 147 triệu đồng." in lines(
        frame(gift_funds(actual=147e6, note="trên")), "vi"
    )


def test_free_text_note_follows_the_figure():
    rows = frame(claims(note="số liệu sơ bộ; số liệu sơ bộ"))
    assert ("- Hồ sơ hưởng bảo hiểm thất nghiệp được giải quyết: 3.276 hồ sơ (số liệu sơ bộ).") in lines(
        rows, "vi"
    )


def test_tracked_only_without_targets():
    rows = frame(claims(yoy=-0.1), gift_funds(note="", actual=44385794000))
    text = lines(rows, "vi")
    assert text[2] == (
        "Tính đến tháng 6/2020, không có chỉ tiêu nào được giao kế hoạch năm. "
        "Có 2 chỉ tiêu được theo dõi, không giao kế hoạch."
    )
    assert (
        "- Hồ sơ hưởng bảo hiểm thất nghiệp được giải quyết: 3.276 hồ sơ, giảm 10% so với cùng kỳ."
    ) in text
    assert "- Kinh phí tặng quà hộ cận nghèo: 44,386 tỷ đồng." in text
    assert lines(rows, "en")[2] == (
        "As of June 2020, no indicator has an annual target. 2 indicators are tracked without a target."
    )


def test_year_on_year_wording():
    assert "- Giải quyết việc làm đạt 45% so với kế hoạch năm (9.000/20.000 người), " in (
        summary(frame(jobs(yoy=0.00001)), "vi", ORG)
    )
    assert "có nguy cơ chậm tiến độ, bằng cùng kỳ." in summary(frame(jobs(yoy=0.00001)), "vi", ORG)
    assert "at risk of falling behind, down 12.5% on the same period last year." in summary(
        frame(jobs(yoy=-0.125)), "en", ORG
    )
    assert "level with the same period last year." in summary(frame(jobs(yoy=0.0)), "en", ORG)


def test_opening_in_english_singular():
    rows = frame(jobs(status="achieved", attainment=1.05, actual=21000), claims())
    assert lines(rows, "en")[2] == (
        "As of June 2020, 1 indicator has an annual target: 1 achieved. "
        "1 more indicator is tracked without a target. "
        "Pace is judged against the annual plan spread evenly over 12 months."
    )
    assert (
        "- Job creation reached 105% of the annual plan (21,000 of 20,000 people), "
        "the annual plan is already met."
    ) in lines(rows, "en")


def test_seasonal_pace_in_words():
    rows = frame(jobs(pace="seasonal"))
    assert lines(rows, "vi")[2].endswith("Tiến độ được đánh giá theo tính mùa vụ của các năm trước.")
    assert lines(rows, "en")[2].endswith("Pace is judged against the seasonal pattern of earlier years.")


def test_level_with_baseline():
    rows = frame(
        row(
            indicator="poor_rate",
            name="Tỷ lệ hộ nghèo",
            name_en="Poverty rate",
            unit="%",
            measure="rate",
            direction="down",
            baseline=2.5,
            target=1.5,
            actual=2.1,
            attainment=0.4,
            expected=0.5,
            index=0.8,
            status="at_risk",
        )
    )
    text = lines(rows, "vi")
    assert (
        "- Tỷ lệ hộ nghèo đạt 2,1% (đầu năm 2,5%, kế hoạch năm 1,5%), "
        "thực hiện 40% mức giảm kế hoạch, có nguy cơ chậm tiến độ."
    ) in text
    assert "- Tỷ lệ hộ nghèo: cần giảm xuống 1,5% vào cuối năm (hiện ở mức 2,1%)." in text
    text = lines(rows, "en")
    assert (
        "- Poverty rate stands at 2.1% (start of year 2.5%, annual target 1.5%), "
        "40% of the planned reduction, at risk of falling behind."
    ) in text
    assert "- Poverty rate: needs to come down to 1.5% by the year's end (now 2.1%)." in text


def test_level_behind_closing():
    rows = frame(covid(status="lagging", actual=70, attainment=0.7, index=0.7, estimate=False))
    assert (
        "- Chi trả hỗ trợ người dân gặp khó khăn do Covid-19: cần đạt 100% vào cuối năm "
        "(hiện đạt 70%)." in lines(rows, "vi")
    )
    assert "- Covid-19 support paid: needs to reach 100% by the year's end (now 70%)." in lines(rows, "en")


def test_no_data_row():
    rows = frame(
        jobs(
            status="no_data",
            actual=NAN,
            attainment=NAN,
            index=NAN,
            stale=None,
            data_through=None,
        ),
        spending(status="no_data", actual=NAN, attainment=NAN, index=NAN, stale=None),
    )
    text = lines(rows, "vi")
    assert "- Giải quyết việc làm: chưa có số liệu thực hiện (kế hoạch năm 20.000 người)." in text
    assert ("- Chi hoạt động thường xuyên: chưa có số liệu thực hiện (mức trần năm 10 tỷ đồng).") in text
    assert "có 2 chỉ tiêu được giao kế hoạch năm: 2 chưa có số liệu." in text[2]
    assert "- Job creation: no figures reported yet (annual target 20,000 people)." in lines(rows, "en")


def test_groups_in_order_of_first_appearance():
    rows = frame(
        jobs(group="B"),
        claims(group=""),
        gift_funds(group="A"),
        enrolment(group="B"),
    )
    headings = [line for line in lines(rows, "vi") if line.startswith("## ")]
    assert headings == ["## B", "## Các chỉ tiêu khác", "## A", "## Nhiệm vụ 6 tháng cuối năm"]
    headings = [line for line in lines(frame(jobs(group=None)), "en") if line.startswith("## ")]
    assert headings == ["## Results", "## What the rest of the year requires"]


def test_english_headings_are_the_groups_english_names():
    rows = frame(
        jobs(group="Lao động - Việc làm", group_en="Labour and employment"),
        claims(group="Trẻ em", group_en=None),
    )
    headings = [line for line in lines(rows, "en") if line.startswith("## ")][:2]
    assert headings == ["## Labour and employment", "## Trẻ em"]
    headings = [line for line in lines(rows, "vi") if line.startswith("## ")][:2]
    assert headings == ["## Lao động - Việc làm", "## Trẻ em"]


def test_name_en_falls_back_to_name():
    text = lines(frame(jobs(name_en=None)), "en")
    assert (
        "- Giải quyết việc làm reached 45% of the annual plan (9,000 of 20,000 people), "
        "at risk of falling behind."
    ) in text


def test_title_of_a_district():
    rows = frame(jobs(area="CL", area_name="Huyện Càng Long", depth=1))
    assert lines(rows, "vi")[0] == (
        "# Sở LĐ-TB&XH tỉnh Trà Vinh – Huyện Càng Long: tình hình thực hiện kế hoạch đến tháng 6/2020"
    )
    assert summary(rows, "en", "").splitlines()[0] == (
        "# Huyện Càng Long: progress against the plan to June 2020"
    )
    assert summary(frame(jobs()), "en", "").splitlines()[0] == ("# Progress against the plan to June 2020")


def test_output_is_deterministic():
    rows = frame(jobs(yoy=0.05), enrolment(), claims(), spending(), gift_funds(), covid())
    assert summary(rows, "vi", ORG) == summary(rows.copy(), "vi", ORG)


def test_refuses_empty_rows_and_unknown_language():
    with pytest.raises(ValueError, match="no status rows"):
        summary(frame(), "vi", ORG)
    with pytest.raises(ValueError, match="unsupported language 'fr'"):
        summary(frame(jobs()), "fr", ORG)
