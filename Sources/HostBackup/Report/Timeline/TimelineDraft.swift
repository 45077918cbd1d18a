import SnapWriter

/// A timeline while its trace slice is read, event by event: the lanes so far and every bar
/// still open (a VSS phase, a freeze window, a flush-and-hold, a frozen writer or database,
/// a guest's, host's or native backup), closed by the event that ends it.
struct TimelineDraft {
    var lanes: [TimelineLane] = []
    var arrows: [TimelineArrow] = []
    var hostLane: [String: Int] = [:]
    var vmLane: [String: Int] = [:]

    /// A bar opened on a row, waiting for the event that ends it.
    struct Open {
        var lane: Int
        var row: Int
        var start: Double
        var style: TimelineStyle
        var label: String
    }

    /// Per machine: the requester's current phase, its freeze window and its flush-and-hold.
    var phase: [String: Open] = [:]
    var freezeWindow: [String: Open] = [:]
    var hold: [String: Open] = [:]
    /// Per writer scope: since when it is frozen, and its last phase bar (failed when it fails).
    var writerFrozen: [String: Open] = [:]
    var lastPhaseBar: [String: (lane: Int, row: Int, span: Int)] = [:]
    /// Per VM or host: its guest or host backup under way.
    var backup: [String: Open] = [:]
    /// Per VM: native backups under way, each with its database; per `VM/database`: I/O frozen.
    var nativeBackups: [String: [Open]] = [:]
    var databaseFrozen: [String: Open] = [:]

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

    // MARK: Bars and marks

    mutating func begin(_ style: TimelineStyle, _ label: String, machine: String, lane: Int, row: Int,
                                at time: Double) {
        if let open = phase[machine] { close(open, at: time, note: nil) }
        phase[machine] = Open(lane: lane, row: row, start: time, style: style, label: label)
    }

    mutating func closeFreezeWindow(_ machine: String, at time: Double) {
        guard let open = freezeWindow.removeValue(forKey: machine) else { return }
        close(open, at: time, note: "freeze window \(TimelineClock.duration(time - open.start))")
    }

    mutating func closeHold(_ machine: String, at time: Double, measured: Double?) {
        guard let open = hold.removeValue(forKey: machine) else { return }
        close(open, at: time, note: "flush-and-hold \(TimelineClock.duration(measured ?? time - open.start))")
    }

    mutating func close(_ open: Open, at end: Double, note: String?, detail: String = "") {
        let duration = TimelineClock.duration(end - open.start)
        var title = "\(open.label): \(TimelineClock.moment(open.start)) to \(TimelineClock.moment(end)), \(duration)"
        if !detail.isEmpty { title += "; \(detail)" }
        lanes[open.lane].rows[open.row].spans.append(TimelineSpan(
            start: open.start, end: max(end, open.start), style: open.style, label: open.label, note: note, title: title))
    }

    mutating func mark(_ event: TraceEvent, lane: Int, row: Int, label: String? = nil,
                               style: TimelineStyle? = nil) {
        var mark = TimelineMarkKind.mark(event.event, detail: event.detail, time: event.tMs, title: title(event))
        if let label { mark.label = label }
        if let style { mark.style = style }
        lanes[lane].rows[row].marks.append(mark)
    }

    func title(_ event: TraceEvent) -> String {
        "\(event.scope) \(event.event) at \(TimelineClock.moment(event.tMs))" + (event.detail.isEmpty ? "" : ": \(event.detail)")
    }
}
