import Testing
@testable import VigilPolicy

@Suite struct GlobTests {
    @Test func placeholder() { #expect(Glob("a*").matches("abc", nil)) }
}
