import Testing
@testable import VigilInvestigation

@Test func moduleLinks() {}
