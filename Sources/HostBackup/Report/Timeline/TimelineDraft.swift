import SnapWriter

/// A timeline while its trace slice is read, event by event: the lanes so far and every bar
/// still open (a VSS phase, a freeze window, a flush-and-hold, a frozen writer or database,
/// a guest's, host's or native backup), closed by the event that ends it.
struct TimelineDraft {
    private(set) var lanes: [TimelineLane] = []
    private(set) var arrows: [TimelineArrow] = []
    private var hostLane: [String: Int] = [:]
    private var vmLane: [String: Int] = [:]

    /// A bar opened on a row, waiting for the event that ends it.
    private struct Open {
        var lane: Int
        var row: Int
        var start: Double
        var style: TimelineStyle
        var label: String
    }

    /// Per machine: the requester's current phase, its freeze window and its flush-and-hold.
    private var phase: [String: Open] = [:]
    private var freezeWindow: [String: Open] = [:]
    private var hold: [String: Open] = [:]
    /// Per writer scope: since when it is frozen, and its last phase bar (failed when it fails).
    private var writerFrozen: [String: Open] = [:]
    private var lastPhaseBar: [String: (lane: Int, row: Int, span: Int)] = [:]
    /// Per VM or host: its guest or host backup under way.
    private var backup: [String: Open] = [:]
    /// Per VM: native backups under way, each with its database; per `VM/database`: I/O frozen.
    private var nativeBackups: [String: [Open]] = [:]
    private var databaseFrozen: [String: Open] = [:]

    init(topology: TimelineTopology) {
        for host in topology.hosts {
            hostLane[host.name] = lanes.count
            lanes.append(TimelineLane(kind: .host, name: host.name, host: host.name))
            for vm in host.vms {
                vmLane[vm] = lanes.count
                lanes.append(TimelineLane(kind: .vm, name: vm, host: host.name))
            }
        }
    }

    /// Places one event; `blockEnd` is when its machine next heard from someone else, where
    /// a writer's phase bar ends.
    mutating func take(_ event: TraceEvent, scope: TimelineScope, blockEnd: Double) {
        let lane: Int?
        if let vm = scope.vm { lane = vmLane[vm] } else { lane = hostLane[scope.host] }
        guard let lane else { return }
        switch scope.place {
        case .run:
            // The scenario's name and seed are in the page's header.
            if event.event == "ScenarioStarted" { return }
            let row = lanes[lane].rowIndex("run", .run)
            let label = event.event == "StepStarted" || event.event == "JobStarted" ? event.detail : event.event
            var mark = TimelineMarkKind.mark(event.event, detail: event.detail, time: event.tMs, title: title(event))
            if mark.style == .info { mark.label = label }
            lanes[lane].rows[row].marks.append(mark)
        case .requestor: requestor(event, lane: lane, machine: scope.host)
        case .hyperV: hyperV(event, lane: lane, machine: scope.machine)
        case .vss: vss(event, lane: lane, machine: scope.machine)
        case .writer(let name): writer(event, name: name, lane: lane, scope: scope, blockEnd: blockEnd)
        case .sqlServer: sqlServer(event, lane: lane, vm: scope.machine)
        case .volume(let name):
            let row = lanes[lane].rowIndex("VSS", .vss)
            var mark = TimelineMarkKind.mark(event.event, detail: event.detail, time: event.tMs, title: title(event))
            mark.label = "\(name) \(mark.label)"
            lanes[lane].rows[row].marks.append(mark)
        }
    }

    /// Closes every bar still open at `end`: the trace stopped while it ran.
    mutating func finish(at end: Double) {
        for (_, open) in phase { close(open, at: end, note: nil) }
        for (_, open) in freezeWindow {
            close(open, at: end, note: "freeze window open \(TimelineClock.duration(end - open.start))")
        }
        for (_, open) in hold { close(open, at: end, note: "flush-and-hold open") }
        for (_, open) in writerFrozen { close(open, at: end, note: nil) }
        for (_, open) in databaseFrozen { close(open, at: end, note: nil) }
        for (_, open) in backup {
            var running = open
            running.style = .running
            close(running, at: end, note: "running")
        }
        for (_, opens) in nativeBackups {
            for open in opens {
                var running = open
                running.style = .running
                close(running, at: end, note: nil)
            }
        }
        phase = [:]
        freezeWindow = [:]
        hold = [:]
        writerFrozen = [:]
        databaseFrozen = [:]
        backup = [:]
        nativeBackups = [:]
    }

    // MARK: Rows

    private mutating func requestor(_ event: TraceEvent, lane: Int, machine: String) {
        let row = lanes[lane].rowIndex("requestor", .requestor)
        switch event.event {
        case "HostBackupStarted":
            backup[machine] = Open(lane: lane, row: row, start: event.tMs, style: .succeeded,
                                   label: "host backup: \(event.detail)")
        case "HostBackupSucceeded", "HostBackupFailed":
            let failed = event.event == "HostBackupFailed"
            if var open = backup.removeValue(forKey: machine) {
                open.style = failed ? .failed : .succeeded
                let code = failed ? " " + TraceText.failureLabel(event: "failed", detail: event.detail) : ""
                close(open, at: event.tMs, note: (failed ? "host backup failed" : "host backup succeeded") + code,
                      detail: event.detail)
            }
            if failed { mark(event, lane: lane, row: row) }
        default: mark(event, lane: lane, row: row)
        }
    }

    private mutating func hyperV(_ event: TraceEvent, lane: Int, machine: String) {
        let row = lanes[lane].rowIndex("Hyper-V", .hyperV)
        switch event.event {
        case "GuestBackupStarted":
            backup[machine] = Open(lane: lane, row: row, start: event.tMs, style: .succeeded, label: "guest backup")
        case "GuestBackupSucceeded", "GuestBackupFailed":
            let failed = event.event == "GuestBackupFailed"
            if var open = backup.removeValue(forKey: machine) {
                open.style = failed ? .failed : .succeeded
                close(open, at: event.tMs, note: failed ? nil : "guest backup succeeded", detail: event.detail)
            }
            if failed { mark(event, lane: lane, row: row) }
        default: mark(event, lane: lane, row: row)
        }
    }

    /// The requester's calls tile its row with the VSS phases they begin.
    private mutating func vss(_ event: TraceEvent, lane: Int, machine: String) {
        let row = lanes[lane].rowIndex("VSS", .vss)
        let t = event.tMs
        switch event.event {
        case "GatherWriterMetadata": begin(.identify, "Identify", machine: machine, lane: lane, row: row, at: t)
        case "PrepareForBackup": begin(.prepareForBackup, "PrepareForBackup", machine: machine, lane: lane, row: row, at: t)
        case "DoSnapshotSet": begin(.prepareForSnapshot, "PrepareForSnapshot", machine: machine, lane: lane, row: row, at: t)
        case "EndPrepareSnapshots":
            begin(.freeze, "Freeze", machine: machine, lane: lane, row: row, at: t)
            freezeWindow[machine] = Open(lane: lane, row: row, start: t, style: .freezeWindow, label: "freeze window")
        case "PostCommitSnapshots":
            begin(.thaw, "Thaw", machine: machine, lane: lane, row: row, at: t)
            closeFreezeWindow(machine, at: t)
        case "HoldWrites":
            hold[machine] = Open(lane: lane, row: row, start: t, style: .flushAndHold, label: "flush-and-hold")
        case "ReleaseWrites": closeHold(machine, at: t, measured: TraceText.heldMilliseconds(event.detail))
        case "BackupComplete": begin(.backupComplete, "BackupComplete", machine: machine, lane: lane, row: row, at: t)
        case "AbortBackup", "AbortSent":
            begin(.abort, "Abort", machine: machine, lane: lane, row: row, at: t)
            closeFreezeWindow(machine, at: t)
            closeHold(machine, at: t, measured: nil)
            mark(event, lane: lane, row: row)
        case "Release", "RequesterGone":
            if let open = phase.removeValue(forKey: machine) { close(open, at: t, note: nil) }
            closeFreezeWindow(machine, at: t)
            closeHold(machine, at: t, measured: nil)
            if event.event == "RequesterGone" { mark(event, lane: lane, row: row) }
        case "HoldWritesTimedOut", "CommitSnapshotsFailed":
            closeHold(machine, at: t, measured: nil)
            mark(event, lane: lane, row: row)
        default:
            // The other calls (SetBackupState, AddToSnapshotSet, GatherWriterStatus, ...) are
            // ticks: their names are in the tooltip, the phases say where the backup stands.
            var tick = TimelineMarkKind.mark(event.event, detail: event.detail, time: t, title: title(event))
            if tick.style == .info { tick.label = "" }
            lanes[lane].rows[row].marks.append(tick)
        }
    }

    private mutating func writer(_ event: TraceEvent, name: String, lane: Int, scope: TimelineScope,
                                 blockEnd: Double) {
        let key = "\(scope.machine)/\(name)"
        let t = event.tMs
        switch event.event {
        case "DatabaseFrozen", "DatabaseThawed":
            errorLogLine(event, lane: lane, vm: scope.machine)
            return
        default: break
        }
        let row = lanes[lane].rowIndex(name, .writer)
        if let style = TimelineStyle.phase(event.event) {
            lanes[lane].rows[row].spans.append(TimelineSpan(
                start: t, end: max(blockEnd, t), style: style, label: event.event, note: nil,
                title: "\(name) \(event.event), \(TimelineClock.moment(t)), \(TimelineClock.duration(max(blockEnd, t) - t))"))
            lastPhaseBar[key] = (lane, row, lanes[lane].rows[row].spans.count - 1)
            switch event.event {
            case "Freeze":
                writerFrozen[key] = Open(lane: lane, row: row, start: t, style: .frozen, label: "\(name) frozen")
            case "Thaw", "Abort":
                if let open = writerFrozen.removeValue(forKey: key) { close(open, at: t, note: nil) }
            case "PostSnapshot":
                if let open = phase[scope.machine], open.style == .thaw {
                    begin(.postSnapshot, "PostSnapshot", machine: scope.machine, lane: open.lane, row: open.row, at: t)
                }
            default: break
            }
            return
        }
        if event.event == "WriterFailed", let bar = lastPhaseBar[key] {
            lanes[bar.lane].rows[bar.row].spans[bar.span].style = .failed
        }
        mark(event, lane: lane, row: row)
    }

    private mutating func sqlServer(_ event: TraceEvent, lane: Int, vm: String) {
        let row = lanes[lane].rowIndex("SQL Server", .sqlServer)
        let t = event.tMs
        switch event.event {
        case "BackupStatement":
            let statement = event.detail.hasPrefix("BACKUP LOG") ? "BACKUP LOG" : "BACKUP DATABASE"
            let database = TraceText.bracketed(event.detail) ?? ""
            nativeBackups[vm, default: []].append(Open(lane: lane, row: row, start: t, style: .nativeBackup,
                                                       label: "\(statement) \(database)"))
        case "BackupFinished", "BackupFailed":
            var open = nativeBackups[vm] ?? []
            if !open.isEmpty {
                // The row names its database first (`Sales backup_set_id ...`); a failure may not.
                let index = open.firstIndex { event.detail.hasPrefix(String($0.label.split(separator: " ").last ?? "") + " ") } ?? 0
                var bar = open.remove(at: index)
                nativeBackups[vm] = open
                if event.event == "BackupFailed" { bar.style = .failed }
                close(bar, at: t, note: nil, detail: event.detail)
            }
            if event.event == "BackupFailed" { mark(event, lane: lane, row: row) }
        case "HadrMsgTypeBackupSyncMsg", "HadrMsgTypeBackupInfoMsg":
            guard let route = TraceText.route(event.detail) else { return mark(event, lane: lane, row: row) }
            let kind = event.event == "HadrMsgTypeBackupSyncMsg" ? "sync" : "info"
            arrows.append(TimelineArrow(from: vm, to: route.to, time: t,
                                        label: "\(TraceText.step(event.detail).map { "\($0) " } ?? "")\(kind)",
                                        title: "\(event.event) at \(TimelineClock.moment(t)): \(event.detail)",
                                        delivered: route.delivered))
            if !route.delivered { mark(event, lane: lane, row: row, label: "not delivered", style: .warning) }
        case "LogBackupHandshake":
            lanes[lane].rows[row].marks.append(TimelineMark(time: t, style: .info, label: "", title: title(event)))
        default: mark(event, lane: lane, row: row)
        }
    }

    /// 3197 and 3198: the lines the SQL writer's freeze and thaw leave in the error log, and
    /// the time between them, the database's I/O frozen.
    private mutating func errorLogLine(_ event: TraceEvent, lane: Int, vm: String) {
        let row = lanes[lane].rowIndex("SQL Server", .sqlServer)
        let parts = event.detail.split(separator: " ", maxSplits: 1).map(String.init)
        let number = parts.first ?? ""
        let database = parts.count > 1 ? parts[1] : ""
        let frozen = event.event == "DatabaseFrozen"
        let line = frozen
            ? "I/O is frozen on database \(database). No user action is required."
            : "I/O was resumed on database \(database). No user action is required."
        lanes[lane].rows[row].marks.append(TimelineMark(
            time: event.tMs, style: .errorLog, label: event.detail,
            title: "error log, \(TimelineClock.moment(event.tMs)): \(number == "3197" || number == "3198" ? "Error \(number): " : "")\(line)"))
        let key = "\(vm)/\(database)"
        if frozen {
            databaseFrozen[key] = Open(lane: lane, row: row, start: event.tMs, style: .frozen, label: "\(database) I/O frozen")
        } else if let open = databaseFrozen.removeValue(forKey: key) {
            close(open, at: event.tMs, note: nil)
        }
    }

    // MARK: Bars and marks

    private mutating func begin(_ style: TimelineStyle, _ label: String, machine: String, lane: Int, row: Int,
                                at time: Double) {
        if let open = phase[machine] { close(open, at: time, note: nil) }
        phase[machine] = Open(lane: lane, row: row, start: time, style: style, label: label)
    }

    private mutating func closeFreezeWindow(_ machine: String, at time: Double) {
        guard let open = freezeWindow.removeValue(forKey: machine) else { return }
        close(open, at: time, note: "freeze window \(TimelineClock.duration(time - open.start))")
    }

    private mutating func closeHold(_ machine: String, at time: Double, measured: Double?) {
        guard let open = hold.removeValue(forKey: machine) else { return }
        close(open, at: time, note: "flush-and-hold \(TimelineClock.duration(measured ?? time - open.start))")
    }

    private mutating func close(_ open: Open, at end: Double, note: String?, detail: String = "") {
        let duration = TimelineClock.duration(end - open.start)
        var title = "\(open.label): \(TimelineClock.moment(open.start)) to \(TimelineClock.moment(end)), \(duration)"
        if !detail.isEmpty { title += "; \(detail)" }
        lanes[open.lane].rows[open.row].spans.append(TimelineSpan(
            start: open.start, end: max(end, open.start), style: open.style, label: open.label, note: note, title: title))
    }

    private mutating func mark(_ event: TraceEvent, lane: Int, row: Int, label: String? = nil,
                               style: TimelineStyle? = nil) {
        var mark = TimelineMarkKind.mark(event.event, detail: event.detail, time: event.tMs, title: title(event))
        if let label { mark.label = label }
        if let style { mark.style = style }
        lanes[lane].rows[row].marks.append(mark)
    }

    private func title(_ event: TraceEvent) -> String {
        "\(event.scope) \(event.event) at \(TimelineClock.moment(event.tMs))" + (event.detail.isEmpty ? "" : ": \(event.detail)")
    }
}
