import Foundation
import SnapWriterServe
import Testing

/// The OpenAPI document and the server cannot drift apart: the copy the binary serves is
/// docs/openapi.json as it stands, and it names exactly the routes the server answers.
struct OpenAPIRouteTests {
    @Test func theEmbeddedDocumentIsTheRepositorysCopy() throws {
        let path = ServeProcess.packageRoot.appendingPathComponent("docs/openapi.json")
        let file = try String(contentsOf: path, encoding: .utf8)
        #expect(OpenAPIDocument.text == file, "run scripts/embed-openapi after changing docs/openapi.json")
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() throws {
        let documented = Set(try OpenAPIDocument.operations())
        let routed = Set(RouteTable.routes.map { "\($0.method) \($0.pattern)" })
        #expect(routed.count == RouteTable.routes.count, "a route is registered twice")
        #expect(routed.subtracting(documented).sorted() == [], "routes missing from docs/openapi.json")
        #expect(documented.subtracting(routed).sorted() == [], "documented operations with no route")
    }
}
