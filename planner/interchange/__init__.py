"""Interchange with the tools teams already use (DESIGN.md, 'Interchange with the tools
teams already use'): readers of MS Project XML (MSPDI), Jira and Linear CSV exports and
GanttProject files, each giving a plan and a fidelity report, and the MSPDI writer.

``read_import`` picks the reader by the file's suffix (and ``--from``). Every reader
treats its file as untrusted: XML through ``defusedxml`` (no entities, no external
references), bounded sizes, and one-line PlanErrors naming what is wrong.
"""
