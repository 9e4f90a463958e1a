import Testing
@testable import VigilIntake

@Test func moduleLinks() {}
