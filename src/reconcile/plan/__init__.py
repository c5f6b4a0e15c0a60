"""Planning: facts gathered from the database first (`planner`, `facts`, `dependents`), then the pure
planner (`build`, `checks`, `order`) turns diff changes into a Plan (`model`) that `render` shows and
`trust` re-derives when a saved plan is applied."""
