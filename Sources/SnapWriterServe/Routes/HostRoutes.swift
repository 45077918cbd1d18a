import HostBackup
import SnapWriter

/// The Hyper-V host: its VMs and writers, and host-level backups by the built-in requestor.
enum HostRoutes {
    static let routes = [
        APIRoute("GET", "/hosts") { _, context in .json(context.world.hosts()) },
        APIRoute("GET", "/hosts/{host}") { request, context throws(APIError) in
            return .json(context.world.host(try RequestReading.host(request, context.scenario)))
        },
        APIRoute("GET", "/hosts/{host}/writers") { request, context throws(APIError) in
            let host = try RequestReading.host(request, context.scenario)
            return context.world.writers(of: .host(host), vssadmin: try WriterFormat.isVssadmin(request))
        },
        APIRoute("POST", "/hosts/{host}/backups", startBackup),
        APIRoute("GET", "/hosts/{host}/backups/{id}") { request, context throws(APIError) in
            let host = try RequestReading.host(request, context.scenario)
            let id = request.parameter("id")
            guard let document = await context.jobs.document(id), document["host"] == .string(host) else {
                throw .notFound("unknown host backup \(NameKind.quoted(id)) on \(host)")
            }
            return .json(document)
        },
    ]

    /// 202 at once; the backup runs on the world's actor after the request has its answer.
    @Sendable
    private static func startBackup(_ request: APIRequest, _ context: ServeContext) async throws(APIError) -> APIResponse {
        let host = try RequestReading.host(request, context.scenario)
        let fields = try RequestReading.object(request, allowed: ["type"], optional: true)
        var type = context.scenario.host(named: host)?.backupType ?? .full
        if let node = fields["type"] {
            let names = BackupType.scenarioNames
            guard case .string(let name) = node.kind, let chosen = BackupType(scenarioName: name) else {
                throw .badRequest("'type' must be one of: \(names.joined(separator: ", "))", path: "type")
            }
            type = chosen
        }
        let id = await context.jobs.start(host: host, type: type)
        let world = context.world
        let jobs = context.jobs
        Task {
            let document = await world.hostBackup(id: id, host: host, type: type)
            await jobs.finish(id, document: document)
        }
        return .json(.object([("id", .string(id)), ("status", .string("running"))]), status: 202)
    }
}

/// `?format=vssadmin` on the writer endpoints.
enum WriterFormat {
    static func isVssadmin(_ request: APIRequest) throws(APIError) -> Bool {
        switch request.query["format"] {
        case nil, "json": false
        case "vssadmin": true
        case let other?: throw .badRequest("unknown format '\(other)'; allowed: json, vssadmin", path: "format")
        }
    }
}
