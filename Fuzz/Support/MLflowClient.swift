// Stands in for MLflowClient when the track config reader is fuzzed: TrackConfig.swift needs only
// MLflowCore's types from it, and the real module would bring in every store (NIO, GRDB).
@_exported import MLflowCore
