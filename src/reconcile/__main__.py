from reconcile.cli.entry import run

run()
