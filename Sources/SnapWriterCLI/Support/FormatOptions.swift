import ArgumentParser

/// `--format`, the option every command that prints a report shares through
/// `@OptionGroup var output: FormatOptions<Self>`: text for people (the default), json for
/// programs. The command tells the help which schema its json follows.
struct FormatOptions<Command: ReportingCommand>: ParsableArguments {
    @Option(help: ArgumentHelp(Command.formatHelp))
    var format: Command.FormatValue = .text
}

/// A command that prints its report as text or json.
protocol ReportingCommand {
    /// What `--format` parses: `OutputFormat`, whose bad values ArgumentParser refuses (listing
    /// the allowed ones), or `FormatName` for a command that refuses them in its own words.
    associatedtype FormatValue: FormatArgument = OutputFormat

    /// The schema of the json report (`snapwriter.run/1`), named in the help; nil names none.
    static var reportSchema: String? { get }
}

extension ReportingCommand {
    static var formatHelp: String {
        "text or json" + (reportSchema.map { " (schema \($0))" } ?? "") + "."
    }
}

/// A value `--format` can hold: one that can be text, the default.
protocol FormatArgument: ExpressibleByArgument {
    static var text: Self { get }
}

/// How a command prints its report.
enum OutputFormat: String, CaseIterable, FormatArgument {
    case text, json
}

/// A `--format` value as given, for a command that checks it itself (`outputFormat` is nil for
/// a bad one). The help lists no values for it, as for any string.
struct FormatName: FormatArgument {
    let name: String
    static let text = FormatName(name: OutputFormat.text.rawValue)

    init(name: String) { self.name = name }
    init?(argument: String) { self.init(name: argument) }

    var defaultValueDescription: String { name }
    var outputFormat: OutputFormat? { OutputFormat(rawValue: name) }
}
