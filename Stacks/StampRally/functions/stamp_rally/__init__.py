"""The stamp rally's Lambda handlers, one module per function, behind API Gateway's REST API.

Every function's package is this folder (Tenkai zips it once, by content hash); each function's
`Handler` names its module (`stamp_rally.collect_stamp.handler`). The Lambda Python runtime
brings boto3, so the package has no dependencies of its own.
"""
