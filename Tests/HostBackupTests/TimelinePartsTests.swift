import Foundation
@testable import HostBackup
@testable import SnapWriter
import Testing

/// The timeline's parts on their own: what it reads out of trace details, its axis, its
/// clock's words, its escaping, and the limits that keep a large fleet's page small.
@Suite struct TimelinePartsTests {
    @Test func traceTextFindsHRESULTsMessagesAndRoutes() {
        #expect(TraceText.hresult(in: "VSS_E_WRITERERROR_NONRETRYABLE (0x800423f4); state") == "0x800423F4")
        #expect(TraceText.hresult(in: "0x800423F45") == nil, "nine hex digits are no HRESULT")
        #expect(TraceText.hresult(in: "no code here") == nil)
        #expect(TraceText.sqlMessage(in: "Msg 35294, Level 16, State 1: ...") == "Msg 35294")
        let route = TraceText.route("step 3: VM2 → VM1: Sales asks for a backup synchronization point")
        #expect(route?.from == "VM2" && route?.to == "VM1" && route?.delivered == true)
        #expect(TraceText.route("step 3: VM2 → VM1: not delivered: VM2 is not connected")?.delivered == false)
        #expect(TraceText.step("step 12: VM3 records") == "12")
        #expect(TraceText.heldMilliseconds("held 0.325 ms") == 0.325)
    }

    @Test func theClockSaysDurationsAndMomentsPlainly() {
        #expect(TimelineClock.duration(0.325) == "0.325 ms")
        #expect(TimelineClock.duration(8.0934) == "8.093 ms")
        #expect(TimelineClock.duration(60_000.4) == "60.0 s")
        #expect(TimelineClock.duration(300_000) == "300.0 s")
        #expect(TimelineClock.duration(3_900_000) == "1 h 5 min")
        #expect(TimelineClock.moment(13.855) == "13.855 ms")
        #expect(TimelineClock.moment(79_200_013.9) == "day 1 22:00:00.014")
        #expect(TimelineClock.moment(2 * 86_400_000 + 60_000, step: 60_000) == "day 3 00:01:00")
        #expect(TimelineClock.coordinate(12.04) == "12")
        #expect(TimelineClock.coordinate(-3.25) == "-3.3" || TimelineClock.coordinate(-3.25) == "-3.2")
    }

    @Test func theAxisCutsIdleStretchesAndKeepsTimeInOrder() {
        let times: [Double] = [0, 1, 2, 50, 300_050, 300_051, 300_052]
        let axis = TimelineAxis(times: times, left: 200)
        #expect(axis.breaks.count == 1)
        #expect(axis.breaks[0].milliseconds == 300_000)
        #expect(axis.breaks[0].width == TimelineAxis.breakWidth)
        let xs = (Array(stride(from: 0.0, through: 300_052, by: 997)) + times).sorted().map(axis.x)
        #expect(xs.allSatisfy { $0 >= axis.left && $0 <= axis.width })
        #expect(zip(xs, xs.dropFirst()).allSatisfy { $0 <= $1 }, "\(xs)")
        #expect(axis.width < 2000, "five minutes of nothing stay a narrow band")
    }

    @Test func markupEscapesEverythingAPageCouldMistakeForMarkup() {
        #expect(Markup.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(Markup.escape("x\u{0}y\u{1B}") == "x\u{FFFD}y\u{FFFD}", "controls XML forbids")
        #expect(Markup.escape("plain") == "plain")
        #expect(Markup.identifier("HV 01/é") == "HV_2001_2f_e9")
    }

    /// A hundred VMs, the 90th failing: sixty lanes drawn, the failed one among them, and
    /// the page says what it left out.
    @Test func aTimelineDrawsAtMostItsLimitOfVMsFailuresFirstAndSaysSo() {
        let vms = (1...100).map { "VM\($0)" }
        let topology = TimelineTopology(hosts: [.init(name: "HV01", vms: vms)])
        var events: [TraceEvent] = []
        func record(_ scope: String, _ event: String, _ detail: String = "") {
            events.append(TraceEvent(seq: events.count + 1, tMs: Double(events.count), scope: scope, event: event,
                                     detail: detail))
        }
        record("HV01/requestor", "HostBackupStarted", "VSS_BT_FULL of 100 VM(s)")
        for vm in vms {
            record("HV01/\(vm)", "GuestBackupStarted")
            record("HV01/\(vm)/SqlServerWriter", "Identify")
            if vm == "VM90" {
                record("HV01/\(vm)/SqlServerWriter", "WriterFailed", "PrepareForSnapshot: X (0x800423F4)")
                record("HV01/\(vm)", "GuestBackupFailed", "X (0x800423F4)")
            } else {
                record("HV01/\(vm)", "GuestBackupSucceeded")
            }
        }
        record("HV01/requestor", "HostBackupFailed", "SqlServerWriter on VM90 failed (0x800423F4)")
        let model = TimelineBuilder(topology: topology, maxVMLanes: 60).build(events[...])
        let lanes = model.vmLanes.map(\.name)
        #expect(lanes.count == 60)
        #expect(lanes.contains("VM90"))
        #expect(model.notes.count == 1)
        #expect(model.notes.first?.contains("60 of 100 VMs") == true)
        let svg = TimelineSVG(model: model, id: "t").render()
        #expect(SVGReading.read(svg).error == nil)
        #expect(SVGReading.read(svg).lanes.count == 60)
    }

    @Test func aFleetPageDrawsAtMostItsLimitOfNightsFailedOnesFirst() {
        func night(_ host: String, day: Int, failed: Bool) -> FleetNight {
            let backup = HostBackupResult(host: host, backupType: .full, hresult: failed ? HResult(rawValue: 0x8004_23F4) : nil,
                                          failure: nil, hostWriters: [], vms: [])
            return FleetNight(backup: backup, day: day, job: "DPM", anchor: "\(host)-\(day)", window: 0..<1)
        }
        var nights: [FleetNight] = []
        for day in 1...7 {
            for host in 1...20 { nights.append(night("HV\(host)", day: day, failed: host == 3 && day > 4)) }
        }
        let drawn = FleetTimelinePage.drawnAnchors(nights)
        #expect(drawn.count == FleetTimelinePage.maximumDrawn)
        #expect(["HV3-5", "HV3-6", "HV3-7"].allSatisfy(drawn.contains))
        #expect((1...20).allSatisfy { host in drawn.contains("HV\(host)-1") }, "each host's first good night")
    }
}
