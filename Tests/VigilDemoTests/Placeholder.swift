import Testing
@testable import VigilDemo

@Test func moduleLinks() {}
