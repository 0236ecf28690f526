import type { RouteName, Routes } from '../../contract';
import type { RouteHandler } from '../route-binder';

/** A handler for each route in a slice of the contract. */
export type RouteHandlers<N extends RouteName> = { [K in N]: RouteHandler<Routes[K]> };

/** A handler for every route: the app refuses to compile while one is missing. */
export type AllRouteHandlers = RouteHandlers<RouteName>;
