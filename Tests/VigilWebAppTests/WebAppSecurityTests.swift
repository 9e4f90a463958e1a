import Foundation
import Testing
import VigilAPIModel
@testable import VigilWebApp

@Suite struct WebAppSecurityTests {
    static let payload = "<script>alert('x')</script><img src=x onerror=alert(1)>"

    @Test func everyPageCarriesTheStrictPolicyHeaders() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod")
        let task = try await h.task(space: space, title: "checkout errors")
        try await h.run { web in
            var pages = [try await web.get("/")]
            try await web.signIn(WebAppHarness.adminKey, WebAppHarness.adminSecret)
            for path in ["/", "/app/spaces/\(space)", "/app/spaces/\(space)/backlog", "/app/spaces/\(space)/tasks/\(task)",
                         "/app/spaces/\(space)/tasks/\(task)/audit", "/app/spaces/nosuchspace"] {
                pages.append(try await web.get(path))
            }
            for page in pages {
                #expect(page.headers[.contentSecurityPolicy] == WebResponses.contentSecurityPolicy)
                #expect(page.headers[.xContentTypeOptions] == "nosniff")
                #expect(page.headers[.init("Referrer-Policy")!] == "no-referrer")
                #expect(!page.body.contains("<script>"))  // no inline script anywhere
                #expect(!page.body.contains(" style=\""))
            }
            #expect(WebResponses.contentSecurityPolicy.contains("script-src 'self'"))
            #expect(WebResponses.contentSecurityPolicy.contains("frame-ancestors 'none'"))
        }
    }

    @Test func untrustedTitlesLogLinesAndNamesRenderEscaped() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod " + Self.payload)
        let task = try await h.task(space: space, title: "outage " + Self.payload)
        _ = try h.investigation(space: space, taskId: task,
                                records: JournalFixtures.completedRun(title: Self.payload, rootCause: "check<b>out</b>",
                                                                      logLine: "GET /?q=" + Self.payload),
                                recommendationTitle: "fix " + Self.payload)
        try await h.run { web in
            try await web.signIn(WebAppHarness.adminKey, WebAppHarness.adminSecret)
            for path in ["/", "/app/spaces/\(space)", "/app/spaces/\(space)/backlog", "/app/spaces/\(space)/tasks/\(task)",
                         "/app/spaces/\(space)/tasks/\(task)/audit"] {
                let page = try await web.get(path)
                #expect(page.status == 200, "\(path)")
                #expect(!page.body.contains("<script>alert"), "\(path)")
                #expect(!page.body.contains("<img src=x"), "\(path)")
                #expect(!page.body.contains("<b>out</b>"), "\(path)")
            }
            let investigation = try await web.get("/app/spaces/\(space)/tasks/\(task)")
            #expect(investigation.body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            let svg = try await web.get("/app/spaces/\(space)/tasks/\(task)/topology.svg")
            #expect(svg.headers[.contentType] == "image/svg+xml")
            #expect(svg.body.contains("check&lt;b&gt;out&lt;/b&gt;"))
            #expect(!svg.body.contains("<b>"))
            let feed = try await web.get("/app/spaces/\(space)/tasks/\(task)/journal.json?after=0")
            #expect(feed.headers[.contentType] == "application/json")
        }
    }

    @Test func theHomePageAndTheSTSQueryAPIShareSlashWithoutColliding() async throws {
        let h = try await WebAppHarness()
        try await h.run { web in
            let home = try await web.get("/")
            #expect(home.status == 200)
            #expect(home.headers[.contentType] == "text/html; charset=utf-8")
            // An STS query call (here unsigned) still reaches STS and gets its own error.
            let sts = try await web.get("/?Action=GetCallerIdentity&Version=2011-06-15")
            #expect(sts.status == 403)
            #expect(sts.body.contains("MissingAuthenticationTokenException"))
        }
    }

    @Test func templatesNeverUseUnescapedOutput() throws {
        let directory = try #require(PageRenderer.bundledTemplates)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".mustache") }
        #expect(files.count >= 8)
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("{{{"), "\(file)")
            #expect(!text.contains("{{&"), "\(file)")
            #expect(!text.contains("<script>"), "\(file)")
            #expect(!text.contains(" style="), "\(file)")
            #expect(text.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "\(file) has an inline event handler")
        }
    }

    @Test func aFormPostWithoutAValidTokenIsRefusedAndChangesNothing() async throws {
        let h = try await WebAppHarness()
        let space = try await h.space(named: "prod")
        let task = try await h.task(space: space, title: "checkout errors")
        let ids = try h.investigation(space: space, taskId: task, records: JournalFixtures.completedRun(title: "checkout errors"))
        try await h.run { web in
            try await web.signIn(WebAppHarness.adminKey, WebAppHarness.adminSecret)
            let action = "/app/spaces/\(space)/tasks/\(task)/recommendations/\(ids.recommendationId)"
            #expect(try await web.post(action, form: [("decision", "approve")]).status == 403)
            #expect(try await web.post(action, form: [("decision", "approve"), ("csrf", "AAAA")]).status == 403)
            #expect(try await web.post("/app/spaces/\(space)/backlog", form: [("title", "sneaky"), ("priority", "LOW")]).status == 403)
        }
        let status = try await h.invoker.call(operation: "GetRecommendation", labels: ["agentSpaceId": space, "recommendationId": ids.recommendationId],
                                              principal: h.admin, sourceIp: nil)["recommendation"]?["status"]?.stringValue
        #expect(status == "PROPOSED")
    }

    @Test func staticAssetsHaveHashedNamesAndLongCaching() async throws {
        let h = try await WebAppHarness()
        let css = try #require(h.webApp.renderer.assets.paths["app.css"])
        let js = try #require(h.webApp.renderer.assets.paths["live.js"])
        #expect(css.range(of: #"^/static/app\.[0-9a-f]{12}\.css$"#, options: .regularExpression) != nil)
        try await h.run { web in
            let asset = try await web.get(js)
            #expect(asset.status == 200)
            #expect(asset.headers[.cacheControl]?.contains("immutable") == true)
            #expect(asset.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(try await web.get("/static/app.css").status == 404)
        }
    }
}
