import ArgumentParser
import HostBackup
import SnapWriter

/// `snapwriter demo`: the built-in tour, compared across three SQL Server builds.
struct DemoCommand: ParsableCommand, ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The built-in tour: a three-VM Hyper-V host under SQL Server 2012 SP1, SP2 (case-sensitive) and SP2 CU2.",
        discussion: """
            VM1 hosts the primary replica of availability group AG1 (database Sales) and a \
            standalone database; VM2 runs no SQL Server; VM3 hosts the secondary replica. The \
            host requestor asks for VSS_BT_FULL; every guest is asked for VSS_BT_FULL.
            """
    )
    static let reportSchema: String? = "snapwriter.compare/1"

    @OptionGroup var output: FormatOptions<DemoCommand>

    func run() throws {
        let scenario: Scenario
        do {
            scenario = try DemoTour.scenario()
        } catch {
            throw CommandExit(code: 70, message: "the built-in demo scenario is invalid: \(error.description)")
        }
        let rows: [VersionComparison.Row]
        do {
            rows = try VersionComparison(scenario: scenario).run(DemoTour.variants, scenarioVolumes: true)
        } catch {
            throw error.commandExit
        }
        if output.format == .json {
            Output.print(CompareReport.json(scenario: scenario.name, rows: rows).serialized(indent: 2))
            return
        }
        Output.print("SnapWriter demo: one Hyper-V host, three VMs, one availability group (AG1: VM1 primary, "
            + "VM3 secondary).")
        Output.print("The host requestor asks for VSS_BT_FULL; Hyper-V asks every guest for VSS_BT_FULL.")
        Output.print(FuseAvailability.deviceUsable
            ? "Each guest's D: is a real FUSE mount: SQL Server's files are written through it, freeze holds them.\n"
            : "/dev/fuse cannot be opened here: each guest's D: is a memory volume.\n")
        for row in rows {
            Output.print(String(repeating: "=", count: 100))
            Output.print("SQL Server \(row.variant.label) on every SQL VM")
            Output.print(String(repeating: "=", count: 100))
            Output.print(RunTextReport.verdict(row.result.lastHostBackup!))
            Output.print("")
            Output.print(RunTextReport.summaryTable(row.result.lastHostBackup!, end: row.result.end))
            Output.print("")
            if let failed = row.result.lastHostBackup?.failure?.vm,
                let vm = row.result.lastHostBackup?.vms.first(where: { $0.vm == failed })
            {
                Output.print("vssadmin list writers, guest \(failed) (SqlServerWriter only):")
                Output.print(RunTextReport.writerBlock(vm.writers.filter { $0.name == "SqlServerWriter" }))
                Output.print("")
            }
        }
        Output.print(CompareReport.text(scenario: scenario.name, rows: rows))
    }
}
