import HostBackup
import SnapWriter

/// Fault rules, written as the scenario's `faults:` items, added and removed while the world
/// lives.
enum FaultRoutes {
    static let routes = [
        APIRoute("GET", "/faults") { _, context in .json(context.world.faultList()) },
        APIRoute("POST", "/faults") { request, context throws(APIError) in
            let text = try RequestReading.jsonText(request)
            let rules = try RequestReading.faultRule(text, in: context.scenario)
            return .json(.object([("id", .string(context.world.addFault(rules)))]), status: 201)
        },
        APIRoute("DELETE", "/faults") { _, context in
            context.world.removeAllFaults()
            return .json(.object([("faults", .array([]))]))
        },
        APIRoute("DELETE", "/faults/{id}") { request, context throws(APIError) in
            let id = request.parameter("id")
            guard context.world.removeFault(id) else { throw .notFound("unknown fault rule \(NameKind.quoted(id))") }
            return .json(.object([("deleted", .string(id))]))
        },
    ]
}
