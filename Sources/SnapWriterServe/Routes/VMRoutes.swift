import HostBackup
import SnapWriter

/// The guests: each VM with its SQL Server and volumes, its writers, msdb and error log.
enum VMRoutes {
    static let routes = [
        APIRoute("GET", "/vms") { _, context in .json(.object([("vms", context.world.vms())])) },
        APIRoute("GET", "/vms/{vm}") { request, context throws(APIError) in
            let vm = try RequestReading.vm(request, context.scenario)
            return .json(context.world.vm(vm) ?? .null)
        },
        APIRoute("GET", "/vms/{vm}/writers") { request, context throws(APIError) in
            let vm = try RequestReading.vm(request, context.scenario)
            return context.world.writers(of: .vm(vm), vssadmin: try WriterFormat.isVssadmin(request))
        },
        APIRoute("GET", "/vms/{vm}/msdb/backupset") { request, context throws(APIError) in
            let vm = try RequestReading.vm(request, context.scenario)
            guard let rows = context.world.backupSets(of: vm) else { throw noSQL(vm) }
            return .json(rows)
        },
        APIRoute("GET", "/vms/{vm}/errorlog") { request, context throws(APIError) in
            let vm = try RequestReading.vm(request, context.scenario)
            guard let lines = context.world.errorLog(of: vm) else { throw noSQL(vm) }
            return .json(lines)
        },
    ]

    private static func noSQL(_ vm: String) -> APIError {
        .notFound("\(vm) has no SQL Server instance, so no msdb and no error log")
    }
}
