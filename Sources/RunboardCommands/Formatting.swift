import MLflowCore

/// The CLI's name for the shared formatting of times and numbers (`ValueText` in MLflowCore).
typealias Format = ValueText
