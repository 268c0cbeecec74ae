"""Pure scheduling: calendar, graph, forward/backward passes, explanations, impact."""
