"""Live rooms: the engine that runs activities with participants' phones and a projector."""
