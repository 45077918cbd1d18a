import SnapWriter

/// Makes a timeline from a slice of a run's trace: reads each event's scope, gives each
/// writer's phase bar its length (until its machine next hears from another writer or VSS),
/// and keeps the drawing readable on large fleets by drawing at most `maxVMLanes` VMs,
/// those with failures first, and saying so.
struct TimelineBuilder {
    let topology: TimelineTopology
    var maxVMLanes = 60

    init(topology: TimelineTopology, maxVMLanes: Int = 60) {
        self.topology = topology
        self.maxVMLanes = maxVMLanes
    }

    func build(_ events: ArraySlice<TraceEvent>) -> TimelineModel {
        let scopes = events.map { TimelineScope($0.scope, vms: topology.vmNames) }
        let blockEnds = Self.blockEnds(events, scopes: scopes)
        var draft = TimelineDraft(topology: topology)
        var times: [Double] = []
        times.reserveCapacity(events.count)
        for (offset, event) in events.enumerated() {
            draft.take(event, scope: scopes[offset], blockEnd: blockEnds[offset])
            if times.last != event.tMs { times.append(event.tMs) }
        }
        let start = events.first?.tMs ?? 0
        let end = events.last?.tMs ?? 0
        draft.finish(at: end)
        times.sort()
        var distinct: [Double] = []
        distinct.reserveCapacity(times.count)
        for time in times where distinct.last != time { distinct.append(time) }
        var model = TimelineModel(lanes: draft.lanes, arrows: draft.arrows, notes: [], start: start, end: end,
                                  times: distinct)
        cap(&model)
        return model
    }

    /// For each writer or VSS event, when its machine next records a writer or VSS event under
    /// another scope: a writer's phase lasts until another writer or VSS takes over.
    static func blockEnds(_ events: ArraySlice<TraceEvent>, scopes: [TimelineScope]) -> [Double] {
        var ends = [Double](repeating: 0, count: scopes.count)
        var later: [String: (scope: String, time: Double, nextOther: Double?)] = [:]
        for offset in stride(from: scopes.count - 1, through: 0, by: -1) {
            let event = events[events.startIndex + offset]
            // Only writers and VSS take turns; the requestor's image copies run beside them.
            switch scopes[offset].place {
            case .writer, .vss: break
            default:
                ends[offset] = event.tMs
                continue
            }
            let machine = scopes[offset].machine
            var nextOther: Double?
            if let next = later[machine] {
                nextOther = next.scope != event.scope ? next.time : next.nextOther
            }
            ends[offset] = nextOther ?? event.tMs
            later[machine] = (event.scope, event.tMs, nextOther)
        }
        return ends
    }

    /// Leaves out the VM lanes past `maxVMLanes`: lanes with a failure are kept first, then
    /// lanes with events, each in the scenario's order; a host lane stays with its VMs.
    private func cap(_ model: inout TimelineModel) {
        let vms = model.lanes.filter { $0.kind == .vm }
        guard vms.count > maxVMLanes else { return }
        let failed = vms.filter { !$0.failures.isEmpty }.map(\.name)
        let busy = vms.filter { $0.failures.isEmpty && !$0.isEmpty }.map(\.name)
        let idle = vms.filter { $0.failures.isEmpty && $0.isEmpty }.map(\.name)
        let kept = Set((failed + busy + idle).prefix(maxVMLanes))
        model.lanes = model.lanes.filter { $0.kind == .host || kept.contains($0.name) }
        let shown = Set(model.lanes.map(\.name))
        model.arrows = model.arrows.filter { shown.contains($0.from) }
        let leftOut = vms.count - kept.count
        let idleLeft = idle.filter { !kept.contains($0) }.count
        model.notes.append("This timeline draws \(kept.count) of \(vms.count) VMs: every VM with a failure first, "
            + "then those with events; \(leftOut) VM(s) are left out (\(idleLeft) of them had no events here). "
            + "Every event is in events.jsonl.")
    }
}
