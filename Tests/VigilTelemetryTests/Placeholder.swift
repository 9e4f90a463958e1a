import Testing
@testable import VigilTelemetry

@Test func moduleLinks() {}
