import Tenkai

/// Every system this repository deploys, in the order `tenkai list` shows them.
public let allSystems: [System] = [
    fileShare,
    stampRally,
    crm,
]
