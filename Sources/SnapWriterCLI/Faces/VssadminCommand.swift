import ArgumentParser
import HostBackup
import SnapWriter

/// `snapwriter vssadmin`: what Windows' vssadmin shows on a guest or a host of a scenario.
struct VssadminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vssadmin",
        abstract: "Shows a guest's or host's VSS as vssadmin prints it, after a scenario ran.",
        subcommands: [VssadminListCommand.self]
    )
}

/// `snapwriter vssadmin list writers|shadows|providers --scenario FILE [--vm VM] [--after-step N]`.
struct VssadminListCommand: ParsableCommand, ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Lists the writers, shadow copies or providers of one machine.",
        discussion: """
            Runs the scenario (on memory volumes; writer states do not depend on them) up to \
            --after-step N, inclusive, or to its end, then prints what vssadmin prints on the \
            VM named by --vm, or on the host: the state the last backup left, a failure included.
            """
    )
    static let reportSchema: String? = "snapwriter.vssadmin/1"

    enum Listing: String, ExpressibleByArgument, CaseIterable {
        case writers, shadows, providers
    }

    @Argument(help: "writers, shadows or providers.")
    var listing: Listing

    @Option(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "The VM whose VSS to show (default: the host's).")
    var vm: String?

    @Option(name: .customLong("after-step"), help: "Run the scenario's steps up to this one (from 0), inclusive.")
    var afterStep: Int?

    @OptionGroup var output: FormatOptions<VssadminListCommand>

    func run() throws {
        let loaded = try ScenarioLoading.load(scenario)
        let view: MachineView
        do {
            view = try MachineView.take(loaded, vm: vm, afterStep: afterStep)
        } catch {
            switch error {
            case .badInput(let message): throw CommandExit.badInput(message)
            case .environment(let message): throw CommandExit.environment(message)
            }
        }
        switch output.format {
        case .text:
            switch listing {
            case .writers: Output.printVerbatim(VssadminFormat.listWriters(view.writers))
            case .shadows: Output.printVerbatim(VssadminFormat.listNoShadows())
            case .providers: Output.printVerbatim(VssadminFormat.listProviders(view.providers))
            }
        case .json:
            Output.print(json(view).serialized(indent: 2))
        }
    }

    private func json(_ view: MachineView) -> JSONValue {
        let items: JSONValue = switch listing {
        case .writers: .array(view.writers.map(\.json))
        case .shadows: .array([])
        case .providers:
            .array(view.providers.map { provider in
                .object([("name", .string(provider.name)), ("type", .string(provider.registration.type.vssadminLabel)),
                         ("id", .string(provider.providerId)), ("version", .string(provider.registration.version))])
            })
        }
        return .object([
            ("schema", .string(Self.reportSchema ?? "")),
            ("machine", .string(view.machine)),
            ("afterStep", .optional(view.afterStep)),
            (listing.rawValue, items),
        ])
    }
}
