import Foundation
@testable import HostBackup
import SnapWriter
import Testing

/// `timeline.html` of real runs: every SVG on the page is well-formed XML, each VM has its
/// lane (`data-vm`) with a row per writer, a failure shows its HRESULT, a fleet's page leads
/// with a calendar whose every link finds its night, and names from the scenario are text.
@Suite struct TimelinePageTests {
    static func page(_ file: String) throws -> (html: String, result: RunResult) {
        let path = ExampleScenarioTests.examplesDirectory.appendingPathComponent(file).path
        let result = try ScenarioRunner(scenario: ScenarioParser.load(path: path)).run()
        return (RunTimelinePage.html(result), result)
    }

    static func readings(_ html: String) -> [SVGReading] { SVGReading.svgs(in: html).map(SVGReading.read) }

    @Test(arguments: ["version-2012-sp1-secondary-fails.yaml", "ag-offload-backups-to-secondary.yaml",
                      "freeze-window-timeout.yaml", "host-vm-stops-mid-freeze.yaml", "eight-vms-sp2-cu2.yaml",
                      "repository-nas-io-error-fails-backup.yaml", "private-cloud-week.yaml"])
    func everySVGIsWellFormedAndEveryVMHasALane(file: String) throws {
        let (html, result) = try Self.page(file)
        let readings = Self.readings(html)
        #expect(!readings.isEmpty, "\(file): no <svg>")
        for reading in readings {
            #expect(reading.error == nil, "\(file): \(reading.error ?? "")")
        }
        let lanes = readings.flatMap(\.lanes)
        let vms = result.scenario.vms.map(\.name)
        if result.scenario.isFleet {
            #expect(Set(lanes) == Set(vms), "\(file): lanes \(Set(lanes))")
        } else {
            #expect(lanes == vms, "\(file): one lane per VM, in order")
        }
    }

    @Test func theSP1FailureShowsItsHRESULTInRedInTheFailedVMsLane() throws {
        let (html, _) = try Self.page("version-2012-sp1-secondary-fails.yaml")
        let reading = try #require(Self.readings(html).first)
        #expect(reading.text.contains("0x800423F4"))
        let vm3 = try #require(Self.lane("VM3", in: html))
        #expect(vm3.contains("failed: 0x800423F4"))
        #expect(vm3.contains("class=\"mark failed\""))
        #expect(vm3.contains("class=\"label failed\">0x800423F4<"))
        #expect(reading.writers["VM1"]?.first == "SqlServerWriter")
        #expect(reading.writers["VM1"]?.contains("System Writer") == true)
        let vm1 = try #require(Self.lane("VM1", in: html))
        #expect(!vm1.contains("failed:"), "VM1 itself did not fail")
        // The trace's own measures: VM1's freeze window and flush-and-hold, its 3197 and 3198 lines.
        #expect(vm1.contains(">freeze window 8.093 ms<"))
        #expect(vm1.contains(">flush-and-hold 0.325 ms<"))
        #expect(vm1.contains(">3197 Sales<") && vm1.contains(">3198 Inventory<"))
        #expect(html.contains("VSS_E_WRITERERROR_NONRETRYABLE"))
    }

    @Test func theHandshakeIsDrawnAsArrowsBetweenTheReplicasLanes() throws {
        let (html, _) = try Self.page("ag-offload-backups-to-secondary.yaml")
        #expect(html.contains("class=\"arrow\" data-from=\"VM2\" data-to=\"VM1\""))
        #expect(html.contains("class=\"arrow\" data-from=\"VM1\" data-to=\"VM3\""))
        #expect(html.contains("class=\"arrow undelivered\" data-from=\"VM2\" data-to=\"VM1\""))
        #expect(html.contains(">Msg 35294<"))
    }

    @Test func aFleetPageLeadsWithTheCalendarAndEveryLinkFindsItsNight() throws {
        let (html, result) = try Self.page("private-cloud-week.yaml")
        let calendar = try #require(html.range(of: "<table class=\"calendar\">"))
        let firstNight = try #require(html.range(of: "<details class=\"night"))
        #expect(calendar.lowerBound < firstNight.lowerBound)
        let links = Self.all(##"href="#([^"]+)""##, in: html)
        let ids = Set(Self.all(#" id="([^"]+)""#, in: html))
        #expect(links.count >= 14)
        for link in links { #expect(ids.contains(link), "\(link) has no target") }
        #expect(Self.all(#"<details class="night"#, in: html).count == result.hostBackups.count)
        #expect(Self.all(##"<td class="failed"><a href="#night-HV0(\d)-day\d"##, in: html).sorted() == ["1", "1", "2", "2"])
        #expect(html.contains("FAILED 0x800423F4"))
    }

    @Test func namesFromTheScenarioAreTextOnThePage() throws {
        let yaml = """
            name: "<script>alert(1)</script> & 'x'"
            host: { name: HV01 }
            vms:
              - name: VM1
                sql: { version: 2012-SP2-CU2, databases: [ { name: "<x>&\\"y\\"]]>" } ] }

            """
        let result = try ScenarioFixtures.run(yaml)
        let html = RunTimelinePage.html(result)
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;x&#39;"))
        for reading in Self.readings(html) { #expect(reading.error == nil, "\(reading.error ?? "")") }
        #expect(Self.readings(html).first?.text.contains("3197 <x>&\"y\"]]>") == true)
    }

    @Test func comparePutsOneTimelinePerBuildSideBySide() throws {
        let path = ExampleScenarioTests.examplesDirectory.appendingPathComponent("version-2012-sp1-secondary-fails.yaml").path
        let variants = ["2012-SP1", "2012-SP2-CU2"].compactMap(VersionComparison.Variant.init(parsing:))
        let rows = try VersionComparison(scenario: ScenarioParser.load(path: path)).run(variants)
        let html = CompareTimelinePage.html(scenario: "sp1", rows: rows)
        #expect(Self.all(#"data-sql-version="([^"]+)""#, in: html) == ["2012-SP1", "2012-SP2-CU2"])
        let readings = Self.readings(html)
        #expect(readings.count == 2)
        #expect(readings.allSatisfy { $0.error == nil && $0.lanes == ["VM1", "VM2", "VM3"] })
        #expect(readings[0].text.contains("0x800423F4") && !readings[1].text.contains("0x800423F4"))
        #expect(html.contains("<div class=\"versions\">"))
    }

    @Test func theLivePageDrawsTheTraceAsItStoodAndFollowsFromThere() throws {
        let path = ExampleScenarioTests.examplesDirectory.appendingPathComponent("version-2012-sp1-secondary-fails.yaml").path
        let result = try ScenarioRunner(scenario: ScenarioParser.load(path: path)).run()
        let early = LiveTimelinePage.html(scenario: result.scenario, events: result.events, at: 0)
        #expect(early.contains("data-next=\"0\""))
        #expect(!early.contains("0x800423F4"))
        #expect(Self.readings(early).first?.lanes == ["VM1", "VM2", "VM3"])
        #expect(early.contains("/api/v1/events?since="))
        let now = LiveTimelinePage.fragment(scenario: result.scenario, events: result.events)
        #expect(now.contains("0x800423F4"))
        #expect(Self.readings(now).allSatisfy { $0.error == nil })
    }

    /// The `<g>` of a VM's lane, as written.
    static func lane(_ vm: String, in html: String) -> String? {
        guard let start = html.range(of: "data-vm=\"\(vm)\"") else { return nil }
        let rest = html[start.upperBound...]
        let end = rest.range(of: "<g class=\"lane ")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    /// The first capture group of every match, or the whole match when there is none.
    static func all(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let whole = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: whole).compactMap { match in
            let range = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
            return Range(range, in: text).map { String(text[$0]) }
        }
    }
}
