/// The page's CSS, inline: the timeline's colours by class (one colour per VSS phase,
/// shared by the legend), red for failures, and a layout that scrolls wide drawings
/// sideways. No fonts are fetched: the system's own are used.
enum TimelineStyleSheet {
    static let css = """
    :root{--identify:#c5ccd6;--prepare-backup:#9ec5e8;--prepare-snapshot:#5b9bd5;--freeze:#1f5fbf;\
    --flush-hold:#e8710a;--thaw:#7cc48a;--post-snapshot:#4fa3a5;--backup-complete:#2e8b57;--abort:#e07b39;\
    --shutdown:#aab2bd;--frozen:#cfe3ff;--succeeded:#b7e1c1;--failed:#e5534b;--running:#f6d58e;\
    --native-backup:#d9d2f0;--errorlog:#6f42c1;--warning:#f0a020;--red:#b3261e;--green:#1e7b34}
    *{box-sizing:border-box}
    body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d232b;background:#f6f7f9}
    header.page{padding:16px 24px 12px;background:#fff;border-bottom:1px solid #dde1e6}
    h1{font-size:20px;margin:0 0 4px}
    h2{font-size:16px;margin:20px 0 8px}
    .facts{color:#59616b;font-size:13px}
    .verdict{font-weight:600;margin-top:6px}
    .verdict.failed,.failed-text{color:var(--red)}
    .verdict.succeeded{color:var(--green)}
    .hresult{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-weight:700}
    main{padding:8px 24px 40px}
    .note{background:#fff8e1;border:1px solid #f0d48a;border-radius:6px;padding:6px 10px;margin:8px 0;font-size:13px}
    .legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;margin:10px 0;color:#3b434c}
    .legend span{display:inline-flex;align-items:center;gap:5px}
    .swatch{display:inline-block;width:14px;height:10px;border-radius:2px;background:var(--c)}
    .swatch.outline{background:none;border:2px solid var(--freeze)}
    .scroll{overflow-x:auto;background:#fff;border:1px solid #dde1e6;border-radius:6px}
    svg.timeline{display:block}
    svg.timeline text{font:10px ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;fill:#1d232b}
    svg.timeline .lane-name{font:600 12px system-ui,sans-serif}
    svg.timeline .lane-kind{font:400 10px system-ui,sans-serif;fill:#6b7480}
    svg.timeline .lane-failure{font-weight:700;font-size:11px;fill:var(--red)}
    svg.timeline .row-name{fill:#4a525c}
    svg.timeline .axis-title{font:600 11px system-ui,sans-serif}
    svg.timeline .axis-note,svg.timeline .tick-label,svg.timeline .break-label,svg.timeline .quiet{fill:#6b7480}
    svg.timeline .break-label{font-size:9px}
    .lane-bg.even{fill:#fff}.lane-bg.odd{fill:#f3f5f8}
    .tick{stroke:#e6e9ed}
    .break rect{opacity:.5}.break-bg{fill:#f4f4f4}.break-line{stroke:#cfcfcf;stroke-width:2}
    .bar.identify{fill:var(--identify)}.bar.prepare-backup{fill:var(--prepare-backup)}
    .bar.prepare-snapshot{fill:var(--prepare-snapshot)}.bar.freeze{fill:var(--freeze)}
    .bar.thaw{fill:var(--thaw)}.bar.post-snapshot{fill:var(--post-snapshot)}
    .bar.backup-complete{fill:var(--backup-complete)}.bar.abort{fill:var(--abort)}.bar.shutdown{fill:var(--shutdown)}
    .bar.frozen{fill:var(--frozen)}.bar.freeze-window{fill:none;stroke:var(--freeze);stroke-width:1.5}
    .bar.flush-hold{fill:var(--flush-hold)}.bar.succeeded{fill:var(--succeeded)}.bar.failed{fill:var(--failed)}
    .bar.running{fill:var(--running)}.bar.native-backup{fill:var(--native-backup)}
    svg.timeline text.in{font-size:9px}
    svg.timeline rect.freeze+text.in,svg.timeline rect.failed+text.in,svg.timeline rect.backup-complete+text.in{fill:#fff}
    .mark.failed{fill:#d1242f;stroke:#7d1a1a}.mark.errorlog{fill:var(--errorlog)}
    .mark.warning{fill:var(--warning);stroke:#8a5a00;stroke-width:.6}.mark.info{stroke:#9aa3ad}
    .stem{stroke:#c3c9d0;stroke-width:.8}
    svg.timeline .label.failed{fill:var(--red);font-weight:700}
    svg.timeline .label.errorlog{fill:var(--errorlog)}
    svg.timeline .label.warning{fill:#8a5a00}
    svg.timeline .label.freeze-window{fill:var(--freeze)}
    svg.timeline .label.flush-hold{fill:#a04d00}
    svg.timeline .label.succeeded{fill:var(--green)}
    .arrow line{stroke:#6f42c1;stroke-width:1.4}.arrow-head{fill:#6f42c1}
    .arrow.undelivered line{stroke:#d1242f;stroke-dasharray:4 3}
    svg.timeline .arrow-label{fill:#6f42c1;font-size:9px}
    table{border-collapse:collapse;background:#fff;font-size:13px}
    th,td{border:1px solid #dde1e6;padding:4px 8px;text-align:left;vertical-align:top}
    th{background:#eef1f4}
    .calendar td.ok{background:#d7f0dc}.calendar td.failed{background:#f8d4d1}.calendar td.none{color:#9aa3ad}
    .calendar a{color:inherit;text-decoration:none;font-weight:600;display:block}
    .calendar a:hover{text-decoration:underline}
    details.night{background:#fff;border:1px solid #dde1e6;border-radius:6px;margin:8px 0;padding:0 10px}
    details.night>summary{cursor:pointer;padding:6px 0;font-weight:600}
    details.night.failed>summary{color:var(--red)}
    details.night[open]{padding-bottom:10px}
    .versions{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:16px;align-items:start}
    .versions>section{min-width:0}
    .live-status{font-size:12px;color:#59616b}
    footer{color:#6b7480;font-size:12px;padding:0 24px 24px}
    p.quiet{color:#6b7480;font-size:13px}
    """
}
