@_exported import MLflowCore
import MLflowREST
import MLflowSQLite
import MLflowFileStore
