import Testing
@testable import VigilTopology

@Test func moduleLinks() {}
