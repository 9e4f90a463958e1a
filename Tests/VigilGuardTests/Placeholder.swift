import Testing
@testable import VigilGuard

@Test func moduleLinks() {}
