"""Every user-visible string in Indonesian and English, and locale-aware number and date formats.

Strings are keyed by id (`t("kpi.known", lang)`); column labels come from the
contract (`sheets.schema`), so a header shown in the app is the header staff type.
Category values are the contract's Indonesian values; `value_label` gives their
English names. Numbers and dates follow Babel's `id_ID` and `en` locales.
"""

from __future__ import annotations

import datetime as dt
import functools
import math

import pandas as pd
from babel.dates import format_date, format_datetime
from babel.numbers import format_compact_decimal, format_decimal, format_percent

from sheets import clock
from sheets.schema import TABS

LANGS = ("id", "en")
DEFAULT_LANG = "id"
LANG_NAMES = {"id": "Bahasa Indonesia", "en": "English"}
_LOCALE = {"id": "id_ID", "en": "en"}
# Indramayu keeps Western Indonesian Time all year (no daylight saving).
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")

# id -> (Indonesian, English). Templates use str.format fields.
STRINGS: dict[str, tuple[str, str]] = {
    # app shell
    "app.tagline": ("Rehabilitasi korban perdagangan orang · Dinas Sosial Kab. Indramayu",
                    "Rehabilitation of trafficking survivors · Dinas Sosial, Indramayu Regency"),
    "page.overview": ("Ringkasan", "Overview"),
    "page.areas": ("Wilayah", "Areas"),
    "page.profile": ("Profil", "Profile"),
    "page.programme": ("Program & hasil", "Programme & outcomes"),
    "page.follow_up": ("Tindak lanjut", "Follow-up"),
    "page.quality": ("Kualitas data", "Data quality"),
    "page.history": ("Riwayat", "History"),
    "page.publications": ("Terbitan", "Publications"),
    "follow_up.identity_note": ("Nama dan NIK (disamarkan kecuali 4 digit terakhir) dari spreadsheet identitas "
                                "hanya tampil di sini, untuk staf; tidak ikut diunduh. Setiap tampilan dicatat.",
                                "Names and NIK (masked but for the last 4 digits) from the identity spreadsheet "
                                "appear only here, for staff; they are not downloaded. Every view is logged."),
    "quality.publish": ("Tulis ke tab «Masalah Data»", "Write to the “Masalah Data” tab"),
    "quality.publish_help": ("Menimpa isi tab «Masalah Data» di spreadsheet dengan daftar ini. Tab lain tidak "
                             "pernah diubah.", "Replaces the contents of the spreadsheet's “Masalah Data” tab with "
                             "this list. No other tab is ever written."),
    "quality.published": ("{n} masalah ditulis ke tab «Masalah Data».", "{n} issues written to “Masalah Data”."),
    "access.denied": ("Halaman ini tidak tersedia untuk peran Anda.",
                      "This page is not available to your role."),
    "access.role": ("Peran", "Role"),
    "access.role.publik": ("Publik", "Public"),
    "access.role.pimpinan": ("Pimpinan", "Leadership"),
    "access.role.staf": ("Staf", "Staff"),
    "access.role.admin": ("Admin", "Admin"),
    "access.preview": ("Pratinjau peran (data demo)", "Preview a role (demo data)"),
    "access.preview_help": ("Hanya pada data demo tanpa login: lihat apa yang ditampilkan untuk setiap peran. "
                            "Dengan data asli, peran ditentukan oleh login.",
                            "Only on the demo data without login: see what each role is shown. With real data, "
                            "the login decides the role."),
    "access.login": ("Masuk", "Log in"),
    "access.logout": ("Keluar", "Log out"),
    "access.signed_in": ("Masuk sebagai {email} ({role})", "Logged in as {email} ({role})"),
    "access.no_role": ("Akun ini belum diberi peran; hanya paparan publik yang tampil. Hubungi admin.",
                       "This account has no role yet; only the public presentation is shown. Ask the admin."),
    "access.login_unverified": (
        "Penyedia login belum memverifikasi alamat e-mail ini, jadi akun ini tidak diberi peran; hanya "
        "paparan publik yang tampil. Verifikasi alamatnya di penyedia login, lalu masuk lagi.",
        "The login provider has not verified this e-mail address, so the account gets no role; only the "
        "public presentation is shown. Verify the address with the provider, then log in again."),
    "access.login_ended": ("Login ini sudah diakhiri (keluar). Masuk lagi untuk melanjutkan.",
                           "This login has been ended (logged out). Log in again to continue."),
    "access.login_expired": ("Login ini lebih dari {hours} jam yang lalu. Masuk lagi untuk melanjutkan.",
                             "This login is more than {hours} hours old. Log in again to continue."),
    "access.login_again": ("Masuk lagi", "Log in again"),
    "access.public_only": ("Tampilan publik. Login belum diatur (lihat README: privasi).",
                           "Public view. Login is not configured (see the README: privacy)."),
    "access.local_banner": (
        "Mode staf lokal: siapa pun yang membuka Pulih di komputer ini melihatnya sebagai {role}, tanpa login. "
        "Server ini hanya dapat dibuka dari komputer ini.",
        "Local staff mode: anyone who opens Pulih on this computer sees it as {role}, without logging in. "
        "This server can only be opened from this computer."),
    "access.local_side": ("Mode staf lokal ({role}): tanpa login, hanya di komputer ini.",
                          "Local staff mode ({role}): no login, on this computer only."),
    "access.local_invalid": (
        "Mode staf lokal tidak aktif: peran \"{value}\" tidak dikenal (pilih pimpinan, staf atau admin).",
        "Local staff mode is off: role \"{value}\" is unknown (choose pimpinan, staf or admin)."),
    "access.local_login": (
        "Mode staf lokal tidak aktif: login sudah diatur, jadi login yang menentukan peran.",
        "Local staff mode is off: login is configured, so the login decides the role."),
    "access.local_not_loopback": (
        "Mode staf lokal tidak aktif: server ini juga dapat dibuka dari komputer lain. Jalankan dengan "
        "--server.address 127.0.0.1 (lihat README: mode staf lokal).",
        "Local staff mode is off: this server can also be opened from other computers. Run it with "
        "--server.address 127.0.0.1 (see the README: local staff mode)."),
    "access.no_pages": ("Belum ada halaman untuk peran ini.", "There is no page for this role yet."),
    "access.not_public": ("Angka pasti untuk internal Dinas Sosial, tidak untuk dipublikasikan. Untuk paparan "
                          "publik gunakan halaman Paparan publik (angka kecil disamarkan).",
                          "Exact figures for the office's internal use, not for publication. For the public, use "
                          "the Public presentation page (small counts hidden)."),
    # sidebar
    "side.language": ("Bahasa", "Language"),
    "side.source": ("Sumber: {source}", "Source: {source}"),
    "side.read_at": ("Dibaca {moment}", "Read {moment}"),
    "side.read_at_stale": ("Pembacaan terakhir yang berhasil: {moment}", "Last successful read: {moment}"),
    "side.refresh": ("Muat ulang data", "Reload data"),
    "side.refresh_help": ("Baca ulang sumber data sekarang (data disimpan sementara 1 menit). Paling sering "
                          "sekali per {seconds} detik untuk semua pengguna (kuota Google).",
                          "Read the source again now (data is cached for one minute). At most once every "
                          "{seconds} seconds for all users together (Google's quota)."),
    "side.refresh_wait": ("Data baru saja dibaca. Muat ulang lagi dalam {seconds} detik.",
                          "The data was read moments ago. Reload again in {seconds} seconds."),
    "history.not_recorded": (
        "Bacaan ini tidak tercatat di riwayat (angka tetap benar; baris yang hilang dari bacaan ini tidak "
        "akan terdeteksi): {reason}",
        "This read was not recorded in the history (the figures are still right; rows lost from it will "
        "not be detected): {reason}",
    ),
    "source.snapshot_failed": (
        "Salinan data terakhir tidak dapat disimpan ({reason}). Bila Google Sheets nanti tidak dapat "
        "dihubungi, tidak ada data cadangan untuk ditampilkan: periksa izin tulis folder itu atau ubah "
        "`snapshot_dir` di [sheets].",
        "The last good data cannot be saved ({reason}). If Google Sheets becomes unreachable, there will be "
        "no copy to show: check that folder's write permission or change `snapshot_dir` in [sheets]."),
    "side.as_of": ("Per tanggal", "As of"),
    "side.as_of_help": (
        "Angka dihitung seolah-olah hari ini adalah tanggal ini: catatan sesudahnya diabaikan.",
        "Figures are computed as if today were this date: later records are ignored.",
    ),
    "side.as_of.today": ("Hari ini ({date})", "Today ({date})"),
    "side.as_of.year_end": ("Akhir tahun {year}", "End of {year}"),
    "side.as_of.custom": ("Tanggal lain…", "Another date…"),
    "side.as_of.date": ("Tanggal", "Date"),
    "side.filters": ("Saring", "Filters"),
    "side.years": ("Tahun", "Years"),
    "side.years_help": ("Tahun yang ditampilkan pada grafik dan tabel per tahun. Angka total tetap dihitung "
                        "sampai «Per tanggal».",
                        "The years shown in yearly charts and tables. Totals still count everything up to "
                        "“As of”."),
    "side.districts": ("Kecamatan", "Kecamatan (district)"),
    "side.sexes": ("Jenis kelamin", "Sex"),
    "side.kinds": ("Jenis kegiatan", "Kind of activity"),
    "side.all": ("Semua", "All"),
    "side.reset": ("Hapus saringan", "Clear filters"),
    "side.share": ("Alamat halaman ini menyimpan pilihan di atas: salin untuk membagikan tampilan yang sama.",
                   "This page's address keeps the choices above: copy it to share the same view."),
    "source.demo": ("Data demo (fiktif)", "Demo data (synthetic)"),
    "source.error": ("Data tidak dapat dibaca.", "The data could not be read."),
    "source.error_fix": ("Perbaiki sumber data (lihat README: sumber data), lalu tekan «Muat ulang data» di "
                         "samping: memuat ulang halaman browser menampilkan pesan yang sama selama satu menit.",
                         "Fix the data source (see the README: data sources), then press “Reload data” in the "
                         "sidebar: reloading the browser page shows this same message for a minute."),
    "source.stale_fix": ("Setelah diperbaiki, tekan «Muat ulang data» di samping.",
                         "Once fixed, press “Reload data” in the sidebar."),
    # What the public and leadership see of an outage: no operator details (service account, IDs).
    "source.outage": ("Sumber data sedang tidak dapat dibaca. Silakan coba lagi nanti; staf data dapat melihat "
                      "penyebab dan cara memperbaikinya.",
                      "The data source cannot be read at the moment. Please try again later; data staff can "
                      "see the cause and how to fix it."),
    "source.stale_plain": ("Data per {moment}: sumber data sedang tidak dapat dibaca, jadi yang tampil adalah "
                           "data terakhir yang berhasil dibaca.",
                           "Data as of {moment}: the data source cannot be read at the moment, so this is the "
                           "last data read successfully."),
    # page header
    "view.as_of": ("Per {date}", "As of {date}"),
    "view.filtered": ("Disaring: {filters}", "Filtered: {filters}"),
    "view.years": (
        "tahun {first}–{last}: angka diambil pada akhir periode, grafik tahunan menampilkan {first}–{last} "
        "dan total kumulatif termasuk tahun sebelumnya",
        "years {first}–{last}: figures are taken at the end of the period, yearly charts show {first}–{last} "
        "and running totals include earlier years",
    ),
    # overview
    "overview.intro": ("Berapa korban yang sudah direhabilitasi, dan berapa lama lagi sampai semua selesai.",
                       "How many survivors have been rehabilitated, and how long until all have been."),
    "kpi.known": ("Korban diketahui", "Known survivors"),
    "kpi.known_help": ("Korban di tab Korban yang diidentifikasi sampai tanggal ini.",
                       "Survivors in the Korban tab identified up to this date."),
    "kpi.rehabilitated": ("Sudah direhabilitasi", "Rehabilitated"),
    "kpi.rehabilitated_help": ("Korban yang menyelesaikan Bimbingan Sosial atau Pelatihan Keterampilan.",
                               "Survivors who completed social guidance or skills training."),
    "kpi.coverage": ("Cakupan", "Coverage"),
    "kpi.coverage_help": ("Sudah direhabilitasi dibagi korban diketahui.", "Rehabilitated divided by known."),
    "kpi.this_year": ("Direhabilitasi {year}", "Rehabilitated {year}"),
    "kpi.this_year_target": ("{year} / target", "{year} / target"),
    "kpi.this_year_help": (
        "Korban direhabilitasi sejak 1 Januari {year}, dibandingkan dengan target tahun itu di tab Target.",
        "Survivors rehabilitated since 1 January {year}, against that year's target in the Target tab.",
    ),
    "kpi.waiting": ("Masih menunggu", "Still waiting"),
    "kpi.waiting_help": (
        "Korban diketahui yang belum direhabilitasi.",
        "Known survivors not yet rehabilitated.",
    ),
    "kpi.compared": ("Perubahan dibandingkan {date}.", "Changes since {date}."),
    "kpi.points": ("{value} poin", "{value} pts"),
    "overview.progress": ("{share} menuju 100% · {waiting} korban masih menunggu",
                          "{share} of the way to 100% · {waiting} survivors still waiting"),
    "overview.no_survivors": ("Belum ada korban yang tercatat sampai tanggal ini.",
                              "No survivor is recorded up to this date."),
    "overview.excluded": ("{n} baris tidak dihitung karena kesalahan data.",
                          "{n} rows are not counted because of data errors."),
    "overview.excluded_none": ("Semua baris data terhitung.", "Every data row is counted."),
    "overview.quality_link": (
        "Lihat dan perbaiki di halaman Kualitas data",
        "See and fix them on the Data quality page",
    ),
    "overview.pace": ("Laju", "Pace"),
    # pace sentence
    "pace.done": ("Semua korban yang diketahui saat ini sudah direhabilitasi.",
                  "Every survivor known today has been rehabilitated."),
    "pace.rates": (
        "Dalam {span} tahun terakhir ({first}–{last}) rata-rata {per_year} korban direhabilitasi dan "
        "{identified} korban baru teridentifikasi per tahun",
        "Over the last {span} years ({first}–{last}), {per_year} survivors a year were rehabilitated and "
        "{identified} newly identified",
    ),
    "pace.shrinks": (
        ", sehingga daftar tunggu ({waiting} korban) berkurang sekitar {net} per tahun dan habis pada {year}",
        ", so the waiting list ({waiting} survivors) shrinks by about {net} a year and is empty in {year}",
    ),
    "pace.grows": (
        ", sehingga daftar tunggu ({waiting} korban) bertambah sekitar {net} per tahun: dengan laju ini "
        "daftar tunggu tidak pernah habis",
        ", so the waiting list ({waiting} survivors) grows by about {net} a year: at this pace it never "
        "empties",
    ),
    "pace.steady": (
        ", sehingga daftar tunggu ({waiting} korban) tidak berkurang: dengan laju ini daftar tunggu tidak "
        "pernah habis",
        ", so the waiting list ({waiting} survivors) does not shrink: at this pace it never empties",
    ),
    "pace.stalled": (
        "Dalam {span} tahun terakhir ({first}–{last}) tidak ada korban yang direhabilitasi (rata-rata "
        "{identified} korban baru teridentifikasi per tahun); dengan laju ini {waiting} korban yang menunggu "
        "tidak akan terjangkau",
        "No survivor was rehabilitated in the last {span} years ({first}–{last}), while {identified} a year "
        "were newly identified; at this pace the {waiting} survivors waiting will never be reached",
    ),
    "pace.needed": (
        ". Agar semua terjangkau pada akhir {target_year} ({waiting} yang menunggu ditambah sekitar "
        "{expected} yang diperkirakan teridentifikasi sampai saat itu, dalam {years_left} tahun tersisa), "
        "diperlukan {needed} per tahun",
        ". To reach everyone by the end of {target_year} (the {waiting} waiting plus about {expected} "
        "expected to be identified by then, in the {years_left} years left), {needed} per year are needed",
    ),
    "pace.needed_one": (
        ". Agar semua terjangkau pada akhir {target_year} ({waiting} yang menunggu ditambah sekitar "
        "{expected} yang diperkirakan teridentifikasi sampai saat itu, dalam {years_left} tahun tersisa), "
        "diperlukan {needed} per tahun",
        ". To reach everyone by the end of {target_year} (the {waiting} waiting plus about {expected} "
        "expected to be identified by then, in the {years_left} years left), {needed} per year is needed",
    ),
    "pace.needed_days": (
        ". Agar semua terjangkau pada akhir {target_year}, {total} korban ({waiting} yang menunggu ditambah "
        "sekitar {expected} yang diperkirakan teridentifikasi) perlu direhabilitasi dalam {days} hari tersisa",
        ". To reach everyone by the end of {target_year}, {total} survivors (the {waiting} waiting plus about "
        "{expected} expected to be identified) must be rehabilitated in the {days} days left",
    ),
    "pace.enough": ("; laju saat ini sudah cukup", "; the current pace is enough"),
    "pace.period": (
        "Pada {first}–{last}, {rehab} korban direhabilitasi dan {identified} korban baru teridentifikasi; "
        "pada akhir {last}, {waiting} korban masih menunggu.",
        "In {first}–{last}, {rehab} survivors were rehabilitated and {identified} newly identified; at the "
        "end of {last}, {waiting} were still waiting.",
    ),
    "pace.target_passed": (". Tahun target terakhir ({target_year}) sudah lewat dengan {waiting} korban "
                           "masih menunggu.",
                           ". The last target year ({target_year}) has passed with {waiting} survivors "
                           "still waiting."),
    "pace.no_target": (". Tab Target belum berisi tahun target.", ". The Target tab has no target year yet."),
    # figures
    "fig.known": ("Korban diketahui", "Known survivors"),
    "fig.rehabilitated": ("Sudah direhabilitasi", "Rehabilitated"),
    "fig.known_cumulative": ("Diketahui (kumulatif)", "Known (cumulative)"),
    "fig.rehabilitated_cumulative": ("Direhabilitasi (kumulatif)", "Rehabilitated (cumulative)"),
    "fig.projection": ("Direhabilitasi, pada laju saat ini", "Rehabilitated, at the recent pace"),
    "fig.projection_known": ("Diketahui, bila identifikasi berlanjut", "Known, if identifications go on"),
    "fig.needed": ("Laju yang diperlukan untuk target", "Pace needed for the target"),
    "fig.target": ("Target", "Target"),
    "fig.year": ("Tahun", "Year"),
    "fig.survivors": ("Korban", "Survivors"),
    "fig.per_year": ("Direhabilitasi per tahun", "Rehabilitated per year"),
    "fig.cumulative.title": ("{rehab} dari {known} korban diketahui sudah direhabilitasi ({share})",
                             "{rehab} of {known} known survivors rehabilitated ({share})"),
    "fig.cumulative.empty": ("Belum ada korban yang tercatat", "No survivor recorded yet"),
    "fig.yearly.title_target": ("{year}: {n} direhabilitasi dari target {target}",
                                "{year}: {n} rehabilitated against a target of {target}"),
    "fig.yearly.title": ("{year}: {n} direhabilitasi", "{year}: {n} rehabilitated"),
    "fig.districts.title": ("Paling banyak menunggu: {district} ({waiting} korban)",
                            "Most survivors waiting: {district} ({waiting})"),
    "fig.districts.title_none": ("Tidak ada korban yang menunggu di kecamatan mana pun",
                                 "No survivor is waiting in any kecamatan"),
    "fig.waiting": ("Menunggu", "Waiting"),
    "fig.coverage": ("Cakupan", "Coverage"),
    "fig.category.title": ("{value}: {share} dari korban diketahui", "{value}: {share} of known survivors"),
    "fig.category.empty": ("Belum ada data", "No data yet"),
    "fig.trend.title": ("Identifikasi per tahun: terbanyak {year} ({n} korban)",
                        "Identified per year: most in {year} ({n})"),
    "fig.identified": ("Diidentifikasi", "Identified"),
    "fig.timeline.title": ("{n} kegiatan, {participants} peserta sejak {year}",
                           "{n} activities, {participants} participants since {year}"),
    "fig.timeline.empty": ("Belum ada kegiatan", "No activity yet"),
    "fig.participants": ("Peserta", "Participants"),
    "fig.completed": ("Selesai", "Completed"),
    "fig.dates": ("Tanggal", "Dates"),
    "fig.spending.title": ("Belanja {year}: {spent} (anggaran kegiatan + bantuan)",
                           "Spent in {year}: {spent} (activity budgets + aid)"),
    "fig.spending.empty": ("Belum ada anggaran atau bantuan tercatat", "No budget or aid recorded yet"),
    "fig.activity_budget": ("Anggaran kegiatan", "Activity budgets"),
    "fig.aid": ("Nilai bantuan", "Aid value"),
    "fig.planned_budget": ("Pagu tahunan (tab Target)", "Yearly budget (Target tab)"),
    "fig.million": ("juta Rp", "Rp million"),
    "fig.thousand_month": ("ribu Rp / bulan", "Rp thousand / month"),
    "fig.cost.title": ("Biaya per korban direhabilitasi {year}: {cost}",
                       "Cost per rehabilitated survivor in {year}: {cost}"),
    "fig.cost.empty": ("Biaya per korban belum dapat dihitung", "Cost per survivor cannot be computed yet"),
    "fig.cost": ("Biaya per korban", "Cost per survivor"),
    "fig.outcomes.title": ("Usaha masih berjalan pada {share} korban yang dipantau",
                           "Business still running for {share} of survivors followed up"),
    "fig.outcomes.empty": ("Belum ada pemantauan", "No follow-up visit yet"),
    "fig.business_running": ("Usaha berjalan", "Business running"),
    "fig.with_family": ("Tinggal bersama keluarga", "Living with family"),
    "fig.cohort": ("Tahun rehabilitasi", "Year rehabilitated"),
    "fig.share": ("Persentase", "Share"),
    "fig.followed_up": ("dipantau", "followed up"),
    "fig.income.title": ("Median pendapatan per bulan: {median}", "Median monthly income: {median}"),
    "fig.income.empty": ("Belum ada pendapatan tercatat", "No income recorded yet"),
    "fig.income": ("Pendapatan per bulan", "Monthly income"),
    "fig.checkpoints.title": ("{missed} dari {total} titik pantau terlewat ({share})",
                              "{missed} of {total} checkpoints missed ({share})"),
    "fig.checkpoints.empty": ("Belum ada titik pantau yang lewat", "No checkpoint has passed yet"),
    "fig.checkpoint": ("Titik pantau", "Checkpoint"),
    "fig.months": ("{n} bulan", "{n} months"),
    "fig.checkpoints": ("Titik pantau", "Checkpoints"),
    "fig.issues.title": ("{n} masalah: {errors} kesalahan, {warnings} peringatan",
                         "{n} problems: {errors} errors, {warnings} warnings"),
    "fig.issues.empty": ("Tidak ada masalah data", "No data problems"),
    "fig.issues": ("Masalah", "Problems"),
    "fig.tab": ("Tab", "Tab"),
    # public presentation (app_pages/public.py, ui/public.py, ui/exports.py)
    "page.public": ("Paparan publik", "Public presentation"),
    "public.title": ("Rehabilitasi korban perdagangan orang", "Rehabilitation of trafficking survivors"),
    "public.intro": ("Angka utama untuk masyarakat: agregat tingkat kabupaten dan kecamatan, angka kecil "
                     "disamarkan, tanpa data pribadi.",
                     "Headline figures for the public: regency and kecamatan totals, small counts "
                     "suppressed, no personal data."),
    "public.scope": ("Angka publik untuk seluruh kabupaten; pilihan tanggal dan saringan di samping tidak "
                     "berlaku di sini.",
                     "Public figures cover the whole regency; the date and filters in the sidebar do not "
                     "apply here."),
    "public.release": ("Angka per {date}; angka publik diperbarui sebulan sekali, berikutnya pada {next}.",
                       "Figures as of {date}; public figures are updated once a month, next on {next}."),
    "public.release_fixed": ("Angka per {date}.", "Figures as of {date}."),
    "public.source_line": ("Sumber: {source} · dibaca {moment} · data per {date}",
                           "Source: {source} · read {moment} · data as of {date}"),
    "public.source.sheets": ("Spreadsheet Data Rehabilitasi (Google Sheets)",
                             "Data Rehabilitasi spreadsheet (Google Sheets)"),
    "public.source.file": ("Berkas Data Rehabilitasi", "Data Rehabilitasi file"),
    "public.footnote": (
        "Angka 1 sampai {last} ditampilkan sebagai «<{k}»; «*» menandai angka lain yang disembunyikan "
        "(berapa pun besarnya) agar tidak ada angka kecil yang dapat dihitung dari semua angka yang "
        "diterbitkan bersama: total, selisih, jumlah berjalan atau persentase. Celah pada grafik adalah "
        "angka yang disembunyikan. Hanya agregat tingkat kabupaten dan kecamatan; tidak ada data pribadi.",
        "Counts from 1 to {last} are shown as “<{k}”; “*” marks another hidden count (of any size), so "
        "that no small count can be worked out from everything published together: totals, differences, "
        "running totals or percentages. Gaps in the charts are hidden counts. Regency and kecamatan totals "
        "only; no personal data.",
    ),
    "public.business_help": ("Di antara korban direhabilitasi yang sudah dipantau; disembunyikan bila kurang "
                             "dari {k} korban dipantau, atau bila usaha yang berjalan atau yang tidak "
                             "berjalan berjumlah 1 sampai {last}.",
                             "Among rehabilitated survivors followed up; hidden when fewer than {k} have "
                             "been followed up, or when the businesses running or not running number 1 to "
                             "{last}."),
    "public.kpi.this_year_target": ("Direhabilitasi {year} (target {target})",
                                    "Rehabilitated in {year} (target {target})"),
    "public.slides": ("Mode slide", "Slide mode"),
    "public.slides_help": ("Layar penuh tanpa menu samping: slide berganti sendiri setiap {seconds} detik "
                           "dan data diperbarui otomatis. Tekan F11 di peramban untuk layar penuh.",
                           "Full screen without the sidebar: slides advance by themselves every {seconds} "
                           "seconds and the data refreshes automatically. Press F11 in the browser for full "
                           "screen."),
    "public.slide_of": ("Slide {n} dari {total}", "Slide {n} of {total}"),
    "public.previous": ("Sebelumnya", "Previous"),
    "public.next": ("Berikutnya", "Next"),
    "public.chart.headline": ("Angka utama", "Headline figures"),
    "public.chart.progress": ("Kemajuan menuju 100%", "Progress to 100%"),
    "public.chart.pace": ("Laju per tahun dan target", "Yearly pace and target"),
    "public.chart.districts": ("Cakupan per kecamatan", "Coverage by kecamatan"),
    "public.chart.outcomes": ("Hasil: usaha berjalan", "Outcomes: businesses running"),
    "public.caption.progress": ("Jumlah kumulatif korban yang diketahui dan yang sudah direhabilitasi, per "
                                "tahun. Selisih kedua garis adalah korban yang masih menunggu.",
                                "Running totals of known and rehabilitated survivors per year. The gap "
                                "between the lines is the survivors still waiting."),
    "public.caption.pace": ("Korban yang direhabilitasi setiap tahun (batang) dibandingkan dengan target "
                            "tahun itu (garis hitam). Tahun berjalan dihitung sampai tanggal data.",
                            "Survivors rehabilitated each year (bars) against that year's target (black "
                            "line). The current year counts up to the date of the data."),
    "public.caption.districts": ("Per kecamatan: direhabilitasi / diketahui (cakupan). Batang pucat = "
                                 "diketahui, batang hijau = sudah direhabilitasi.",
                                 "Per kecamatan: rehabilitated / known (coverage). Pale bar = known, green "
                                 "bar = rehabilitated."),
    "public.caption.outcomes": ("Di antara korban direhabilitasi yang sudah dipantau: pemantauan terakhir "
                                "menyatakan usahanya masih berjalan.",
                                "Among rehabilitated survivors followed up: the latest visit found their "
                                "business still running."),
    "public.downloads": ("Unduhan untuk presentasi", "Downloads for presenters"),
    "public.downloads_note": ("Berisi angka yang sama dengan halaman ini (sudah disamarkan).",
                              "The same, already suppressed, figures as this page."),
    "public.prepare": ("Siapkan unduhan", "Prepare downloads"),
    "public.download.pptx": ("PowerPoint", "PowerPoint"),
    "public.download.pdf": ("PDF", "PDF"),
    "public.download.html": ("HTML (tanpa internet)", "HTML (works offline)"),
    "public.download.zip": ("Grafik PNG (ZIP)", "Charts as PNG (ZIP)"),
    "public.images_unavailable": ("Gambar grafik tidak dapat dibuat di server ini, jadi PowerPoint, PDF dan "
                                  "PNG tidak tersedia ({reason}). Unduhan HTML tetap bisa dipakai.",
                                  "Chart images cannot be made on this server, so PowerPoint, PDF and PNG "
                                  "are unavailable ({reason}). The HTML download still works."),
    "public.bad_k": ("Pengaturan [privacy] di secrets.toml tidak sah ({reason}); angka publik tidak "
                     "ditampilkan.",
                     "A [privacy] setting in secrets.toml is invalid ({reason}); public figures are not "
                     "shown."),
    "fig.public.districts.title": ("{share} korban diketahui sudah direhabilitasi; per kecamatan",
                                   "{share} of known survivors rehabilitated; by kecamatan"),
    "fig.public.outcome.hidden": ("Belum dipublikasikan: kurang dari {k} korban direhabilitasi yang dipantau",
                                  "Not published: fewer than {k} rehabilitated survivors followed up"),
    # areas
    "areas.intro": (
        "Korban diketahui dan sudah direhabilitasi di 31 kecamatan, diurutkan menurut jumlah yang masih "
        "menunggu.",
        "Known and rehabilitated survivors in all 31 kecamatan, sorted by how many are still waiting.",
    ),
    "areas.no_activity": ("Belum ada kegiatan sama sekali di {n} kecamatan: {names}.",
                          "No activity has been held yet in {n} kecamatan: {names}."),
    "areas.waiting_no_activity": ("Korban menunggu tanpa kegiatan di kecamatannya: {names}.",
                                  "Survivors are waiting where no activity has been held: {names}."),
    "areas.all_active": (
        "Setiap kecamatan sudah pernah mendapat kegiatan.",
        "Every kecamatan has had an activity.",
    ),
    # profile
    "profile.intro": (
        "Siapa korban yang diketahui, dan apakah setiap kelompok sama-sama terjangkau rehabilitasi.",
        "Who the known survivors are, and whether every group is reached by rehabilitation equally.",
    ),
    "profile.sex": ("Jenis kelamin", "Sex"),
    "profile.age": ("Usia saat identifikasi", "Age at identification"),
    "profile.child": ("Anak dan dewasa", "Children and adults"),
    "profile.exploitation": ("Jenis eksploitasi", "Type of exploitation"),
    "profile.abroad": ("Dalam atau luar negeri", "Inside Indonesia or abroad"),
    "profile.destination": ("Negara tujuan", "Destination country"),
    "profile.referral": ("Sumber rujukan", "Referral source"),
    "profile.trend": ("Identifikasi per tahun", "Identifications per year"),
    "profile.trend_by": ("Rinci menurut", "Split by"),
    # programme
    "programme.money_apportioned": (
        "Tampilan ini hanya sebagian korban: anggaran setiap kegiatan dihitung sebesar bagian pesertanya "
        "yang termasuk tampilan ini (di mana pun kegiatan diadakan); kegiatan tanpa peserta tidak dihitung.",
        "This view holds only some survivors: each activity's budget counts with the share of its "
        "participants in the view (wherever it was held); activities without participants count nothing.",
    ),
    "programme.intro": (
        "Kegiatan yang diadakan, siapa yang ikut, biayanya, dan keadaan korban sesudahnya.",
        "The activities held, who took part, what they cost, and how survivors are doing after.",
    ),
    "programme.timeline": ("Kegiatan", "Activities"),
    "programme.activities": (
        "Peserta dan penyelesaian per kegiatan",
        "Participants and completion per activity",
    ),
    "programme.money": ("Anggaran dan biaya", "Budget and cost"),
    "programme.outcomes": ("Hasil pemantauan", "Follow-up outcomes"),
    "programme.business_share": ("Usaha berjalan", "Business running"),
    "programme.business_share_help": (
        "Di antara korban direhabilitasi yang sudah dipantau: pemantauan terakhir berstatus Berjalan.",
        "Among rehabilitated survivors with a follow-up visit: the latest one says Berjalan (running).",
    ),
    "programme.follow_up_due": ("Perlu dikunjungi", "Due for a visit"),
    "programme.follow_up_due_help": ("Korban dengan titik pantau jatuh tempo atau lewat waktu.",
                                     "Survivors with a checkpoint due or overdue."),
    "programme.missed": ("Pemantauan yang terlewat", "Missed follow-up"),
    "programme.missed_note": ("Titik pantau 3, 6 dan 12 bulan sesudah rehabilitasi; terlewat = tidak ada "
                              "kunjungan sampai 180 hari sesudahnya.",
                              "Checkpoints 3, 6 and 12 months after rehabilitation; missed = no visit within "
                              "180 days after it."),
    "programme.no_activities": ("Tidak ada kegiatan untuk pilihan ini.", "No activity for this selection."),
    # follow-up
    "follow_up.intro": ("Titik pantau 3, 6 dan 12 bulan yang jatuh tempo atau lewat waktu, yang paling lama "
                        "lewat di atas.",
                        "3-, 6- and 12-month checkpoints due or overdue, most overdue first."),
    "follow_up.count": (
        "{visits} kunjungan untuk {survivors} korban",
        "{visits} visits for {survivors} survivors",
    ),
    "follow_up.officer": ("Petugas", "Officer"),
    "follow_up.no_officer": ("(belum ada)", "(none yet)"),
    "follow_up.empty": ("Tidak ada kunjungan yang jatuh tempo. 👍", "No visit is due. 👍"),
    "follow_up.empty_filter": ("Tidak ada kunjungan untuk saringan ini.", "No visit for these filters."),
    "follow_up.download": ("Unduh daftar (CSV)", "Download the list (CSV)"),
    # quality
    "quality.intro": ("Masalah yang ditemukan di spreadsheet, dengan baris dan cara memperbaikinya. Saringan "
                      "di samping tidak berlaku di halaman ini.",
                      "Problems found in the spreadsheet, with their rows and how to fix them. The filters "
                      "in the sidebar do not apply to this page."),
    "quality.structure": ("Struktur spreadsheet rusak", "The sheet's structure is broken"),
    "quality.structure_intro": ("Masalah ini mengenai seluruh tab atau kolom, bukan satu sel:",
                                "These problems concern a whole tab or column, not one cell:"),
    "quality.structure_notes": ("Catatan tentang kolom", "Notes about columns"),
    "quality.accounting": ("Baris per tab", "Rows per tab"),
    "quality.accounting_note": ("Tidak ada yang hilang: dibaca = dipakai + tidak dihitung + kosong.",
                                "Nothing is lost: read = used + excluded + blank."),
    "quality.counts": ("Jumlah masalah", "Problem counts"),
    "quality.by_rule": ("Per aturan, dan cara memperbaikinya", "Per rule, and how to fix it"),
    "quality.issues": ("Daftar masalah", "List of problems"),
    "quality.none": ("Tidak ada masalah data. Semua baris terbaca dengan baik.",
                     "No data problems. Every row reads cleanly."),
    "quality.none_filter": ("Tidak ada masalah untuk saringan ini.", "No problem matches these filters."),
    "quality.filter_tab": ("Tab", "Tab"),
    "quality.filter_severity": ("Tingkat", "Severity"),
    "quality.filter_rule": ("Aturan", "Rule"),
    "quality.download_csv": ("Unduh CSV", "Download CSV"),
    "quality.download_xlsx": ("Unduh Excel", "Download Excel"),
    "quality.identity": ("Spreadsheet identitas", "Identity spreadsheet"),
    "quality.identity_note": (
        "Hanya untuk staf. NIK disamarkan kecuali 4 digit terakhir; nama dan isi sel lain tidak ditampilkan. "
        "Perbaiki di spreadsheet identitas; daftar ini tidak ikut diunduh.",
        "Staff only. NIKs are masked but for the last 4 digits; names and other cell contents are not shown. "
        "Fix them in the identity spreadsheet; this list is not part of the downloads."),
    "quality.identity_count": ("{n} masalah di spreadsheet identitas.",
                               "{n} problems in the identity spreadsheet."),
    "quality.identity_none": ("Tidak ada masalah di spreadsheet identitas.",
                              "No problem in the identity spreadsheet."),
    "quality.tab_missing": ("Tab {tab} tidak ada: angka yang memerlukannya kosong.",
                            "Tab {tab} is missing: the figures that need it are empty."),
    # shared empty states
    "empty.filter": ("Tidak ada data untuk pilihan ini. Ubah atau hapus saringan di samping.",
                     "No data for this selection. Change or clear the filters in the sidebar."),
    "empty.tab": ("Tab {tab} kosong atau tidak ada, jadi bagian ini belum dapat ditampilkan.",
                  "Tab {tab} is empty or missing, so this part cannot be shown yet."),
    "empty.value": ("Tidak diisi", "Not recorded"),
    # derived columns (contract columns take their labels from sheets.schema)
    "col.known": ("Diketahui", "Known"),
    "col.rehabilitated": ("Direhabilitasi", "Rehabilitated"),
    "col.waiting": ("Menunggu", "Waiting"),
    "col.coverage": ("Cakupan", "Coverage"),
    "col.activities": ("Kegiatan", "Activities"),
    "col.code": ("Kode", "Code"),
    "col.participants": ("Peserta", "Participants"),
    "col.completed": ("Selesai", "Completed"),
    "col.completion": ("Penyelesaian", "Completion"),
    "col.aid_value": ("Nilai bantuan (Rp)", "Aid value (Rp)"),
    "col.checkpoint": ("Titik pantau", "Checkpoint"),
    "col.due_on": ("Jatuh tempo", "Due on"),
    "col.state": ("Keadaan", "State"),
    "col.days_late": ("Hari lewat", "Days late"),
    "col.last_visit": ("Kunjungan terakhir", "Last visit"),
    "col.rehab_on": ("Tanggal rehabilitasi", "Rehabilitated on"),
    "col.tab": ("Tab", "Tab"),
    "col.row": ("Baris", "Row"),
    "col.column": ("Kolom", "Column"),
    "col.value": ("Nilai", "Value"),
    "col.code_rule": ("Aturan", "Rule"),
    "col.severity": ("Tingkat", "Severity"),
    "col.message": ("Pesan", "Message"),
    "col.link": ("Buka sel", "Open cell"),
    "col.fix": ("Cara memperbaiki", "How to fix"),
    "col.count": ("Jumlah", "Count"),
    "col.rows_read": ("Dibaca", "Read"),
    "col.rows_used": ("Dipakai", "Used"),
    "col.rows_excluded": ("Tidak dihitung", "Excluded"),
    "col.rows_blank": ("Kosong", "Blank"),
    "col.present": ("Ada", "Present"),
    "col.total": ("Total", "Total"),
    "col.link_text": ("buka", "open"),
    # value labels that are not contract categories
    "value.child.true": ("Anak (di bawah 18)", "Child (under 18)"),
    "value.child.false": ("Dewasa", "Adult"),
    "value.state.done": ("Tepat waktu", "Done on time"),
    "value.state.done_late": ("Terlambat", "Done late"),
    "value.state.missed": ("Terlewat", "Missed"),
    # history (Riwayat)
    "history.intro": ("Setiap bacaan spreadsheet disimpan: baris yang hilang, perubahan massal, perubahan per "
                      "data dan masalah baru atau terselesaikan",
                      "Every read of the spreadsheet is kept: lost rows, mass changes, each record's changes and "
                      "issues new or fixed"),
    "history.unavailable": ("Penyimpanan riwayat tidak dapat dibuka: {reason}",
                            "The history store cannot be opened: {reason}"),
    "history.alert_lost": ("{n} baris hilang dari spreadsheet ({tabs}) dibandingkan bacaan sebelumnya.",
                           "{n} rows are gone from the spreadsheet ({tabs}) compared with earlier reads."),
    "history.alert_changes": ("{n} perubahan mencurigakan (mis. satu kolom diurutkan sendiri) perlu diperiksa.",
                              "{n} suspicious changes (e.g. one column sorted on its own) need a look."),
    "history.alert_link": ("Periksa dan pulihkan di halaman Riwayat", "Check and restore them on the History page"),
    "history.alerts": ("Perubahan mencurigakan", "Suspicious changes"),
    "history.no_alerts": ("Tidak ada perubahan mencurigakan.", "No suspicious change."),
    "history.alerts_intro": (
        "Banyak sel satu kolom berubah sekaligus sementara ID-nya tetap (tanda satu kolom diurutkan sendiri), "
        "sebuah kolom hilang, atau sebuah tab tidak terbaca lagi. Periksa spreadsheet (Riwayat versi di Google "
        "Sheets dapat mengembalikannya), lalu tandai sudah diperiksa.",
        "Many cells of one column changed at once while the IDs stayed (the sign of one column sorted on its "
        "own), a column disappeared, or a tab can no longer be read. Check the spreadsheet (Google Sheets' "
        "version history can undo it), then mark it as checked."),
    "history.kind.mass-change": ("Perubahan massal", "Mass change"),
    "history.kind.column-gone": ("Kolom hilang", "Column gone"),
    "history.kind.unreadable": ("Tab tidak terbaca", "Tab unreadable"),
    "history.end_alerts": ("Sudah diperiksa", "Checked"),
    "history.end_alerts_button": ("Tandai sudah diperiksa", "Mark as checked"),
    "history.choose": ("Pilih…", "Choose…"),
    "history.lost": ("Baris yang hilang", "Lost rows"),
    "history.no_lost": ("Tidak ada baris yang hilang: setiap baris bacaan sebelumnya masih ada.",
                        "No row is lost: every row of earlier reads is still there."),
    "history.lost_intro": (
        "{n} baris ada di bacaan sebelumnya dan tidak ada lagi. Unduh untuk ditempel kembali, atau tandai bila "
        "memang sengaja dihapus.",
        "{n} rows were in earlier reads and are gone. Download them to paste back, or mark them if they were "
        "removed on purpose."),
    "history.download": ("Unduh {n} baris {tab} (.xlsx)", "Download {n} {tab} rows (.xlsx)"),
    "history.restore": ("Kembalikan {n} baris ke tab {tab}", "Put {n} rows back into tab {tab}"),
    "history.restored": ("{n} baris ditambahkan di bawah tab {tab}; baris lain tidak disentuh.",
                         "{n} rows appended below tab {tab}; no other row was touched."),
    "history.restore_by_hand": (
        "Judul kolom tab ini berubah sejak baris terakhir terlihat: tempel dari unduhan.",
        "This tab's header row changed since the rows were last seen: paste them from the download."),
    "history.paste_back": (
        "Unduhan memakai susunan kolom kontrak, dengan nilai seperti terakhir terbaca: tempel di bawah baris "
        "terakhir tab yang sama.",
        "The download uses the contract's column layout, with the values as last read: paste them below the "
        "last row of the same tab."),
    "history.let_go": ("Sengaja dihapus", "Removed on purpose"),
    "history.let_go_button": ("Tandai sengaja dihapus (dicatat dengan nama Anda)",
                              "Mark as removed on purpose (recorded with your name)"),
    "history.lost_label": ("{tab} · {record} (baris {row})", "{tab} · {record} (row {row})"),
    "history.changelog": ("Perubahan satu data", "One record's changes"),
    "history.changelog_intro": (
        "Nilai sebuah data di setiap bacaan: kapan muncul, berubah atau hilang. Kunci: ID Korban, ID Kegiatan, "
        "'ID Korban / ID Kegiatan' untuk peserta, 'ID Korban / tanggal' untuk pemantauan, tahun untuk target.",
        "A record's values in each read: when it appeared, changed or went. Key: survivor ID, activity ID, "
        "'survivor ID / activity ID' for a participation, 'survivor ID / date' for a visit, the year for a "
        "target."),
    "history.key_hint": ("mis. KPO-0012", "e.g. KPO-0012"),
    "history.no_changes": ("Tidak ada catatan untuk '{record}' di tab ini.",
                           "Nothing recorded for '{record}' in this tab."),
    "history.change.added": ("Muncul", "Appeared"),
    "history.change.changed": ("Berubah", "Changed"),
    "history.change.removed": ("Hilang", "Gone"),
    "history.issues_since": ("Masalah baru dan terselesaikan", "Issues new and fixed"),
    "history.since": ("Sejak", "Since"),
    "history.new_issues": ("Masalah baru", "New issues"),
    "history.fixed_issues": ("Masalah terselesaikan", "Fixed issues"),
    "history.trend": ("Tren kualitas data", "Data quality trend"),
    "history.trend_title": ("Kesalahan per tab di setiap bacaan (sekarang {n})",
                            "Errors per tab in each read (now {n})"),
    "history.no_baseline": (
        "Belum ada bacaan tercatat sebelum tanggal itu (bacaan pertama: {first}); pilih tanggal sesudahnya.",
        "No read was recorded before that day (the first: {first}); choose a later day."),
    "history.trend_later": ("Tren tampil setelah ada dua bacaan berbeda.",
                            "The trend shows once two different reads are recorded."),
    "history.trend_empty": ("Belum ada bacaan tercatat", "No read recorded yet"),
    "history.errors": ("Kesalahan", "Errors"),
    "history.reads": ("{n} bacaan berbeda tercatat ({seen} kali terbaca).",
                      "{n} different reads recorded ({seen} reads in all)."),
    "history.changed_of": ("{n} dari {of}", "{n} of {of}"),
    "history.col.tab": ("Tab", "Tab"),
    "history.col.key": ("Kunci", "Key"),
    "history.col.row": ("Baris", "Row"),
    "history.col.last_seen": ("Terakhir terlihat", "Last seen"),
    "history.col.lost_at": ("Hilang sejak", "Missing since"),
    "history.col.alert": ("Apa", "What"),
    "history.col.column": ("Kolom", "Column"),
    "history.col.changed": ("Berubah", "Changed"),
    "history.col.detected": ("Terdeteksi", "Detected"),
    "history.col.read_at": ("Bacaan", "Read"),
    "history.col.change": ("Perubahan", "Change"),
    "history.col.cells": ("Sel", "Cells"),
    "history.col.rule": ("Aturan", "Rule"),
    "history.col.value": ("Nilai", "Value"),
    # publications (Terbitan)
    "publications.intro": ("Angka publik yang dibekukan dengan sebuah label, beserta ekspornya, dan angka yang kini "
                           "berbeda",
                           "Public figures frozen under a label, with their exports, and the figures that differ now"),
    "publications.publish": ("Terbitkan angka publik", "Publish the public figures"),
    "publications.publish_intro": (
        "Membekukan angka publik (disamarkan seperti di halaman Paparan publik, juga terhadap terbitan "
        "sebelumnya) beserta PowerPoint, PDF dan HTML-nya dalam dua bahasa, dari bacaan saat ini. Label "
        "hanya dapat dipakai sekali.",
        "Freezes the public figures (suppressed as on the public page, also against the previous "
        "publication) with their PowerPoint, PDF and HTML in both languages, from the current read. A label "
        "can be used once."),
    "publications.publish_button": ("Terbitkan", "Publish"),
    "publications.publishing": ("Menyiapkan terbitan…", "Preparing the publication…"),
    "publications.published": ("Terbitan '{label}' tersimpan.", "Publication '{label}' saved."),
    "publications.exists": ("Label '{label}' sudah dipakai: terbitan tidak dapat diubah.",
                            "Label '{label}' is already published: publications cannot change."),
    "publications.not_recorded": ("Bacaan ini tidak tercatat di riwayat, jadi tidak dapat diterbitkan: {reason}",
                                  "This read is not recorded in the history, so it cannot be published: {reason}"),
    "publications.list": ("Terbitan", "Publications"),
    "publications.none": ("Belum ada terbitan. Halaman Paparan publik menampilkan angka rilis bulanan.",
                          "Nothing published yet. The public page shows the monthly release."),
    "publications.choose": ("Terbitan", "Publication"),
    "publications.frozen": ("Terbitan '{label}': angka per {date}, diterbitkan {moment}, dari bacaan {hash}.",
                            "Publication '{label}': figures as of {date}, published {moment}, from read {hash}."),
    "publications.public_link": ("Buka di halaman Paparan publik", "Open on the public page"),
    "publications.revisions": ("Revisi: angka yang kini berbeda", "Revisions: figures that differ now"),
    "publications.no_revisions": ("Data hari ini memberi angka yang sama untuk tanggal terbitan ini.",
                                  "Today's data gives the same figures for this publication's date."),
    "publications.revised": (
        "{n} angka terbitan ini kini berbeda (data diperbaiki atau dilengkapi sesudahnya). Hanya untuk internal.",
        "{n} figures of this publication are different now (the data was corrected or completed since). "
        "Internal only."),
    "publications.headline": ("Angka utama", "Headline"),
    "publications.col.label": ("Label", "Label"),
    "publications.col.as_of": ("Angka per", "Figures as of"),
    "publications.col.created": ("Diterbitkan", "Published"),
    "publications.col.by": ("Oleh", "By"),
    "publications.col.where": ("Baris", "Row"),
    "publications.col.figure": ("Angka", "Figure"),
    "publications.col.published": ("Diterbitkan", "Published"),
    "publications.col.now": ("Sekarang", "Now"),
    "publications.figure.known": ("Korban diketahui", "Known survivors"),
    "publications.figure.rehabilitated": ("Direhabilitasi", "Rehabilitated"),
    "publications.figure.known_year": ("Korban baru teridentifikasi", "Newly identified"),
    "publications.figure.rehabilitated_year": ("Direhabilitasi tahun itu", "Rehabilitated that year"),
    "publications.figure.known_cumulative": ("Korban diketahui (kumulatif)", "Known survivors (cumulative)"),
    "publications.figure.rehabilitated_cumulative": ("Direhabilitasi (kumulatif)", "Rehabilitated (cumulative)"),
    "value.state.due": ("Jatuh tempo", "Due"),
    "value.state.overdue": ("Lewat waktu", "Overdue"),
    "value.state.upcoming": ("Akan datang", "Upcoming"),
    "value.severity.error": ("Kesalahan", "Error"),
    "value.severity.warning": ("Peringatan", "Warning"),
    "value.severity.info": ("Info", "Info"),
    "value.yes": ("Ya", "Yes"),
    "value.no": ("Tidak", "No"),
}

# English names of the contract's Indonesian category values (Indonesian shows the value itself).
VALUES_EN: dict[str, str] = {
    "Perempuan": "Female", "Laki-laki": "Male",
    "Kepolisian": "Police", "BP3MI/BP2MI": "BP3MI/BP2MI (migrant workers' agency)",
    "UPTD PPA/P2TP2A": "UPTD PPA/P2TP2A (women & child protection)", "Kementerian/KBRI": "Ministry/embassy",
    "LSM": "NGO", "Keluarga/Masyarakat": "Family/community", "Datang Sendiri": "Came on their own",
    "Lainnya": "Other",
    "Kerja Paksa": "Forced labour", "Eksploitasi Seksual": "Sexual exploitation",
    "Pekerja Rumah Tangga Paksa": "Forced domestic work", "Perkawinan Paksa": "Forced marriage",
    "Pekerja Anak": "Child labour", "Tidak Diketahui": "Unknown",
    "Dalam Negeri": "Inside Indonesia", "Luar Negeri": "Abroad",
    "Arab Saudi": "Saudi Arabia", "Singapura": "Singapore", "Uni Emirat Arab": "United Arab Emirates",
    "Kamboja": "Cambodia", "Korea Selatan": "South Korea", "Yordania": "Jordan",
    "Bimbingan Sosial": "Social guidance", "Pelatihan Keterampilan": "Skills training",
    "Bantuan Usaha": "Business aid", "Pendampingan Psikososial": "Psychosocial support",
    "Reunifikasi Keluarga": "Family reunification",
    "APBD Kabupaten": "Regency budget (APBD)", "APBD Provinsi": "Provincial budget (APBD)",
    "APBN": "National budget (APBN)", "Swasta/CSR": "Private/CSR",
    "Terdaftar": "Registered", "Selesai": "Completed", "Tidak Selesai": "Not completed",
    "Berjalan": "Running", "Berhenti": "Stopped", "Belum Mulai": "Not started",
}


def t(key: str, lang: str, **fields: object) -> str:
    """The string `key` in `lang`, with `fields` filled in."""
    text = STRINGS[key][1 if lang == "en" else 0]
    return text.format(**fields) if fields else text


def is_missing(value: object) -> bool:
    """True for None, NaN, NA and NaT (pandas' many spellings of "no value")."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def value_label(value: object, lang: str, column: str = "") -> str:
    """A category value as shown to users: English name in English, "not recorded" when missing."""
    if is_missing(value):
        return t("empty.value", lang)
    if column == "child":
        # by_category gives the flag as text ("True"/"False"), the Dataset as a boolean.
        return t(f"value.child.{str(value).lower()}", lang)
    text = str(value)
    return VALUES_EN.get(text, text) if lang == "en" else text


def tab_label(tab: str, lang: str) -> str:
    """A tab's name as in the sheet, with its English meaning in English."""
    if lang == "en" and tab in TABS:
        return f"{tab} ({TABS[tab].label_en})"
    return tab


def column_label(key: str, lang: str, tab: str | None = None) -> str:
    """A column's label: the contract header (or English label) for contract columns, else our own."""
    if tab is not None and tab in TABS:
        try:
            return TABS[tab].column(key).label(lang)
        except KeyError:
            pass
    return t(f"col.{key}", lang)


# --------------------------------------------------------------------------- formats

# Babel takes microseconds per value, and a chart's hover texts format thousands of values that
# are mostly the same few (counts, round amounts, a few hundred dates): each distinct value is
# formatted once. Keys are normalised first (an int, a float, a date), so 1 and 1.0 never mix.
_FORMATTED = 1 << 16


@functools.lru_cache(maxsize=_FORMATTED)
def _decimal(value: float, pattern: str | None, locale: str) -> str:
    return format_decimal(value, format=pattern, locale=locale)


@functools.lru_cache(maxsize=_FORMATTED)
def _percent(value: float, pattern: str, locale: str) -> str:
    return format_percent(value, format=pattern, locale=locale)


@functools.lru_cache(maxsize=_FORMATTED)
def _compact(value: float, locale: str) -> str:
    return format_compact_decimal(value, fraction_digits=1, locale=locale)


@functools.lru_cache(maxsize=_FORMATTED)
def _date(value: dt.date, fmt: str, locale: str) -> str:
    return format_date(value, fmt, locale=locale)


def number(value: object, lang: str) -> str:
    """A whole number with the locale's grouping: 1.234 / 1,234; a dash when missing."""
    if is_missing(value):
        return "–"
    return _decimal(round(float(value)), None, _LOCALE[lang])


def decimal(value: object, lang: str, digits: int = 1) -> str:
    """A number with up to `digits` decimals: 26,3 / 26.3."""
    if is_missing(value):
        return "–"
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return _decimal(float(value), pattern, _LOCALE[lang])


def percent(value: object, lang: str, digits: int = 0) -> str:
    """A share from 0 to 1 as a percentage: 19% (a dash when unknown)."""
    if is_missing(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return _percent(float(value), pattern, _LOCALE[lang])


def money(value: object, lang: str, compact: bool = True) -> str:
    """Rupiah: compact (Rp 1,5 jt / Rp 1.5M) for charts and titles, or in full (Rp 1.500.000)."""
    if is_missing(value):
        return "–"
    amount = float(value)
    # A non-breaking space keeps "Rp" and the amount on one line (Babel does the same before "jt").
    if compact and abs(amount) >= 1000:
        return "Rp\u00a0" + _compact(amount, _LOCALE[lang])
    return "Rp\u00a0" + _decimal(round(amount), None, _LOCALE[lang])


def date(value: dt.date | pd.Timestamp | None, lang: str, fmt: str = "d MMMM y") -> str:
    """A date the way people write it: 9 April 2018."""
    if is_missing(value):
        return "–"
    if isinstance(value, dt.datetime):  # pd.Timestamp too
        value = value.date()
    return _date(value, fmt, _LOCALE[lang])


def moment(value: dt.datetime | None, lang: str) -> str:
    """A moment in Indramayu's time: 28 Nov 2026 09.10 WIB."""
    if value is None:
        return "–"
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    pattern = f"d MMM y{'' if lang == 'id' else ','} {clock.TIME_PATTERN[lang]}"
    return format_datetime(value.astimezone(WIB), pattern, locale=_LOCALE[lang]) + " WIB"


def plot_separators(lang: str) -> str:
    """Plotly's `layout.separators` (decimal mark, then thousands) for `lang`."""
    return ",." if lang == "id" else ".,"
