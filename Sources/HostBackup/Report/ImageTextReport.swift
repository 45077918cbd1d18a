import SnapWriter

/// The host backup's images as a person reads them: one line per VM with its verdict, then
/// every problem the verifier found.
enum ImageTextReport {
    static func render(_ host: HostBackupResult) -> String {
        guard host.succeeded else {
            return "Backup images: none kept. The host backup failed, and the images it had copied were removed "
                + "(no partial backups)."
        }
        let images = host.vms.compactMap(\.image)
        let place = images.first?.reportedPath.map { path in
            "in " + path.split(separator: "/").dropLast().joined(separator: "/")
        } ?? "verified in a temporary repository, removed at the end of the run; run --out DIR keeps them"
        var table = TextTable(["VM", "volume", "consistency", "copied from", "files", "bytes", "sha256", "problems"])
        for vm in host.vms {
            guard let image = vm.image else {
                table.add([vm.vm, "-", "no image", "-", "-", "-", "-", "-"])
                continue
            }
            table.add([vm.vm, image.volume, image.consistency.rawValue, image.source.rawValue, String(image.files.count),
                       String(image.bytes), String(image.sha256.prefix(16)) + "…",
                       String(image.verification.problems.count)])
        }
        var lines = ["Backup images (\(place)):", table.render(indent: "  ")]
        for image in images {
            for problem in image.verification.problems {
                let page = problem.page.map { " page \($0)" } ?? ""
                lines.append("  \(image.vm) \(problem.file)\(page): \(problem.kind.rawValue): \(problem.detail)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
