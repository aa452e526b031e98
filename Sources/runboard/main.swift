import RunboardCommands
print("x")
