"""Plain resource files (icons, sample roadmap, stylesheet), installed as planner.resources."""
