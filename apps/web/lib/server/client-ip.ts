/** The header carrying the browser's address from server.ts to the route handlers (any incoming one is replaced). */
export const CLIENT_IP_HEADER = 'x-parley-client-ip'

/** The browser's address as server.ts resolved it (undefined when the app runs without server.ts). */
export const clientIpOf = (req: Request) => req.headers.get(CLIENT_IP_HEADER) || undefined
