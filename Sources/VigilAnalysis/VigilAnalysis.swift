// Telemetry analysis lives here (see issue "The analysis core ...").
