print("tenkai")
