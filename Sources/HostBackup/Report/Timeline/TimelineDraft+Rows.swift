import SnapWriter

/// What each row makes of its events: the requestor's and the guest's backups, the VSS
/// phases a requester's calls begin, a writer's phase bars and failures, SQL Server's
/// backups, error-log lines and handshake messages.
extension TimelineDraft {
    mutating func requestor(_ event: TraceEvent, lane: Int, machine: String) {
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

    mutating func hyperV(_ event: TraceEvent, lane: Int, machine: String) {
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
    mutating func vss(_ event: TraceEvent, lane: Int, machine: String) {
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

    mutating func writer(_ event: TraceEvent, name: String, lane: Int, scope: TimelineScope,
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

    mutating func sqlServer(_ event: TraceEvent, lane: Int, vm: String) {
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
    mutating func errorLogLine(_ event: TraceEvent, lane: Int, vm: String) {
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
}
