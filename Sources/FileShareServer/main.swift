print("fileshare")
