import HostBackup
import SnapWriter

/// Requester sessions on a guest's or the host's VSS (IVssBackupComponents, call by call)
/// and the shadow copies they make: listed, exposed on a read-only mount, deleted. The same
/// routes under `/vms/{vm}` and `/hosts/{host}`.
enum SessionRoutes {
    static let routes: [APIRoute] = ["/vms/{vm}", "/hosts/{host}"].flatMap { machine in
        [
            APIRoute("POST", machine + "/vss/sessions") { request, context throws(APIError) in
                .json(try await context.world.openSession(on: try machineRef(request, context)), status: 201)
            },
            APIRoute("POST", machine + "/vss/sessions/{id}/calls") { request, context throws(APIError) in
                let machine = try machineRef(request, context)
                let body = try RequestReading.json(request)
                return .json(try await context.world.call(body, session: request.parameter("id"), on: machine))
            },
            APIRoute("DELETE", machine + "/vss/sessions/{id}") { request, context throws(APIError) in
                try await context.world.releaseSession(request.parameter("id"), on: try machineRef(request, context))
                return .noContent
            },
            APIRoute("GET", machine + "/shadows") { request, context throws(APIError) in
                .json(try context.world.shadows(on: try machineRef(request, context)))
            },
            APIRoute("POST", machine + "/shadows/{id}/expose") { request, context throws(APIError) in
                .json(try await context.world.expose(shadow: request.parameter("id"), on: try machineRef(request, context)))
            },
            APIRoute("DELETE", machine + "/shadows/{id}") { request, context throws(APIError) in
                try await context.world.deleteShadow(request.parameter("id"), on: try machineRef(request, context))
                return .noContent
            },
        ]
    }

    /// The machine the path names: `{vm}` or `{host}`, each checked by its rule.
    private static func machineRef(_ request: APIRequest, _ context: ServeContext) throws(APIError) -> MachineRef {
        if request.parameters["vm"] != nil { return .vm(try RequestReading.vm(request, context.scenario)) }
        return .host(try RequestReading.host(request, context.scenario))
    }
}
