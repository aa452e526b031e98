import MLflowCore
