"""Planning in words and one chart (pure: data in, text or figure out; no Streamlit).

`what_if_sentence` says what a chosen rehabilitation rate means (`sheets.planning.WhatIf`,
itself built on the one definition of the pace); `reported_*` compare the survivors the
office registered with those reported to it by other official sources (`Korban Terlapor`).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from present import figures, i18n
from sheets.planning import WhatIf

REGISTERED_COLOUR, REPORTED_COLOUR = "#56B4E9", "#6E6E6E"  # the palette's "known", and a neutral grey


def what_if_sentence(plan: WhatIf, lang: str) -> str:
    """When everyone is reached at the chosen rate (or that the list never closes), and what it costs."""
    base = plan.base
    if plan.is_done:
        return i18n.t("pace.done", lang)
    fields = {
        "rate": i18n.number(plan.rate, lang),
        "waiting": i18n.number(base.waiting, lang),
        "identified": i18n.decimal(base.identified_per_year, lang),
        "first": base.years[0],
        "last": base.years[-1],
    }
    if plan.never_closes:
        text = i18n.t("plan.never", lang, **fields)
        return text + " " + i18n.t("plan.never_why", lang, **fields)
    expected = (plan.to_reach or 0) - base.waiting
    text = i18n.t(
        "plan.reached",
        lang,
        **fields,
        year=plan.reached_year,
        expected=i18n.number(expected, lang),
        total=i18n.number(plan.to_reach, lang),
    )
    if plan.meets_target is not None:
        text += " " + i18n.t(
            "plan.meets" if plan.meets_target else "plan.misses", lang, target_year=base.target_year
        )
    return text + " " + cost_sentence(plan, lang)


def cost_sentence(plan: WhatIf, lang: str) -> str:
    """The budget the chosen rate takes at the recent cost per survivor, or why it cannot be told."""
    span = {"first": plan.base.years[0], "last": plan.base.years[-1]}
    if plan.cost_per_survivor is None:
        return i18n.t("plan.cost_unknown", lang, **span)
    return i18n.t(
        "plan.cost",
        lang,
        **span,
        cost=i18n.money(plan.cost_per_survivor, lang),
        per_year=i18n.money(plan.budget_per_year, lang),
        total=i18n.money(plan.budget_total, lang),
        year=plan.reached_year,
    )


def reported_sentence(frame: pd.DataFrame, lang: str) -> str:
    """The latest year with a reported count: registered against reported, and the gap."""
    if frame.empty:
        return i18n.t("plan.reported_none", lang)
    last = frame.iloc[-1]
    fields = {
        "year": int(last["year"]),
        "registered": i18n.number(last["registered"], lang),
        "reported": i18n.number(last["reported"], lang),
        "gap": i18n.number(abs(int(last["gap"])), lang),
    }
    key = "plan.reported_gap" if last["gap"] > 0 else "plan.reported_no_gap"
    return i18n.t(key, lang, **fields)


def reported_figure(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Registered and reported survivors per year, side by side."""
    years = [int(y) for y in frame["year"]]
    fig = go.Figure()
    for column, colour in (("registered", REGISTERED_COLOUR), ("reported", REPORTED_COLOUR)):
        values = [int(v) for v in frame[column]]
        texts = [i18n.number(v, lang) for v in values]
        name = i18n.t(f"plan.{column}", lang)
        fig.add_bar(
            x=years,
            y=values,
            name=name,
            marker_color=colour,
            text=texts,
            textposition="outside",
            cliponaxis=False,
            customdata=[f"{y}: {t}" for y, t in zip(years, texts)],
            hovertemplate=f"{name}<br>%{{customdata}}<extra></extra>",
        )
    return figures.yearly_layout(
        fig,
        i18n.t("plan.reported_title", lang),
        lang,
        years,
        height=340,
        y_title=i18n.t("fig.survivors", lang),
        layout={"barmode": "group"},
    )


def reported_public_table(by_year, lang: str) -> pd.DataFrame:
    """The public release's registered and reported cells per year, as published (`<10`, `*`)."""
    text = by_year.text
    given = [y for y in text.index if text.loc[y, "reported"] != ""]
    return pd.DataFrame(
        {
            i18n.t("fig.year", lang): [str(y) for y in given],
            i18n.t("plan.registered", lang): [text.loc[y, "known"] for y in given],
            i18n.t("plan.reported", lang): [text.loc[y, "reported"] for y in given],
        }
    )
