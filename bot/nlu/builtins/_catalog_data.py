"""Known values of the Alexa list slot types (AMAZON.Actor, AMAZON.Color, ...), for catalog.py.

One entry per value: "Canonical|synonym|synonym". For the open types the entries are a small
gazetteer of common values (what `find` can spot in a sentence, and the training samples); for
the closed types in `CLOSED` they are the whole vocabulary `resolve` accepts. Plain data only:
nothing here is parsed or indexed until a type is first used.
"""

from __future__ import annotations

# Types that resolve only known values (closed-ish vocabularies); the rest take any short answer.
CLOSED = frozenset({
    "AMAZON.Color", "AMAZON.DayOfWeek", "AMAZON.Language", "AMAZON.Month", "AMAZON.SpeedUnit",
    "AMAZON.Sport", "AMAZON.WeatherCondition", "AMAZON.WeightUnit",
})  # fmt: skip

# fmt: off
CATALOG: dict[str, tuple[str, ...]] = {
    "AMAZON.Actor": (
        "Tom Hanks", "Meryl Streep", "Denzel Washington", "Scarlett Johansson", "Brad Pitt",
        "Leonardo DiCaprio", "Viola Davis", "Morgan Freeman", "Julia Roberts", "Will Smith",
        "Cate Blanchett", "Keanu Reeves", "Emma Stone", "Samuel L. Jackson", "Natalie Portman",
        "Robert De Niro", "Nicole Kidman", "Jackie Chan", "Sandra Bullock", "Tom Cruise",
    ),
    "AMAZON.Airline": (
        "Delta", "United Airlines", "American Airlines", "Southwest", "JetBlue", "Alaska Airlines",
        "British Airways", "Lufthansa", "Air France", "Emirates", "Qantas", "Air Canada", "KLM",
        "Ryanair", "easyJet", "Singapore Airlines", "Cathay Pacific", "Spirit Airlines",
        "Virgin Atlantic", "Turkish Airlines",
    ),
    "AMAZON.Airport": (
        "JFK", "LAX", "O'Hare", "Heathrow", "Gatwick", "Atlanta airport", "Logan", "Dulles",
        "Newark", "LaGuardia", "SFO", "Sea-Tac", "Charles de Gaulle", "Schiphol", "Changi",
        "Dubai International", "Frankfurt airport", "Denver International", "Haneda",
        "Dallas Fort Worth",
    ),
    "AMAZON.Animal": (
        "dog", "cat", "horse", "elephant", "lion", "tiger", "giraffe", "zebra", "bear", "penguin",
        "dolphin", "whale", "rabbit", "monkey", "kangaroo", "owl", "eagle", "snake", "frog",
        "shark", "cow", "pig", "sheep", "chicken", "fox", "wolf",
    ),
    "AMAZON.Artist": (
        "Pablo Picasso", "Vincent van Gogh", "Leonardo da Vinci", "Claude Monet", "Frida Kahlo",
        "Andy Warhol", "Michelangelo", "Rembrandt", "Salvador Dali", "Georgia O'Keeffe", "Banksy",
        "Jackson Pollock", "Henri Matisse", "Taylor Swift", "Beyoncé", "Adele", "Drake",
        "Ed Sheeran",
    ),
    "AMAZON.Athlete": (
        "Serena Williams", "LeBron James", "Lionel Messi", "Cristiano Ronaldo", "Usain Bolt",
        "Michael Jordan", "Tom Brady", "Simone Biles", "Roger Federer", "Tiger Woods",
        "Michael Phelps", "Rafael Nadal", "Stephen Curry", "Wayne Gretzky", "Muhammad Ali",
        "Novak Djokovic", "Megan Rapinoe", "Shohei Ohtani",
    ),
    "AMAZON.Author": (
        "Stephen King", "J.K. Rowling", "Jane Austen", "Mark Twain", "Agatha Christie",
        "William Shakespeare", "Ernest Hemingway", "Toni Morrison", "George Orwell",
        "Charles Dickens", "Maya Angelou", "J.R.R. Tolkien", "Dr. Seuss", "Neil Gaiman",
        "Margaret Atwood", "John Grisham", "Haruki Murakami", "James Patterson",
    ),
    "AMAZON.Book": (
        "To Kill a Mockingbird", "Pride and Prejudice", "1984", "The Great Gatsby",
        "Harry Potter and the Sorcerer's Stone", "The Hobbit", "Moby Dick", "War and Peace",
        "The Catcher in the Rye", "Little Women", "The Da Vinci Code", "Jane Eyre",
        "The Hunger Games", "Where the Crawdads Sing", "Becoming", "The Alchemist",
        "Charlotte's Web", "Dune",
    ),
    "AMAZON.BookSeries": (
        "Harry Potter", "The Lord of the Rings", "The Hunger Games", "Twilight",
        "A Song of Ice and Fire", "The Chronicles of Narnia", "Percy Jackson", "Divergent",
        "Goosebumps", "Nancy Drew", "The Hardy Boys", "Diary of a Wimpy Kid", "Outlander",
        "The Wheel of Time", "Discworld", "Jack Reacher",
    ),
    "AMAZON.BroadcastChannel": (
        "CNN", "BBC", "NBC", "CBS", "ABC", "Fox News", "ESPN", "HBO", "PBS", "NPR", "MSNBC",
        "Discovery Channel", "National Geographic", "Comedy Central", "MTV", "BBC Radio 4",
        "Sky News", "CNBC",
    ),
    "AMAZON.CivicStructure": (
        "city hall", "library", "post office", "courthouse", "fire station", "police station",
        "town hall", "museum", "public library", "train station", "bus station", "stadium", "park",
        "playground", "airport", "hospital", "bridge", "community center",
    ),
    "AMAZON.Color": (
        "red", "orange", "yellow", "green", "blue", "purple|violet", "pink", "brown", "black",
        "white", "gray|grey", "silver", "gold|golden", "beige", "turquoise", "teal",
        "navy|navy blue", "maroon", "magenta", "cyan", "lavender", "olive", "indigo", "coral",
        "burgundy", "cream", "tan", "crimson", "light blue", "dark blue", "light green",
        "dark green", "lime|lime green", "peach", "ivory", "khaki", "charcoal", "mint|mint green",
        "aqua", "salmon",
    ),
    "AMAZON.Corporation": (
        "Amazon", "Apple", "Google", "Microsoft", "Walmart", "Coca-Cola", "Ford", "General Motors",
        "Nike", "Starbucks", "McDonald's", "Toyota", "Samsung", "IBM", "Disney", "Boeing",
        "Netflix", "Tesla", "Intel", "Procter & Gamble",
    ),
    "AMAZON.Dessert": (
        "chocolate cake", "apple pie", "ice cream", "cheesecake", "brownies", "tiramisu",
        "cupcakes", "chocolate chip cookies", "pumpkin pie", "creme brulee", "donuts",
        "banana split", "key lime pie", "carrot cake", "pudding", "macarons", "gelato",
        "strawberry shortcake",
    ),
    "AMAZON.Director": (
        "Steven Spielberg", "Martin Scorsese", "Christopher Nolan", "Quentin Tarantino",
        "Alfred Hitchcock", "Stanley Kubrick", "Greta Gerwig", "Ava DuVernay", "Kathryn Bigelow",
        "James Cameron", "Ridley Scott", "Francis Ford Coppola", "Spike Lee", "Bong Joon-ho",
        "Hayao Miyazaki", "George Lucas", "Jordan Peele",
    ),
    "AMAZON.EducationalOrganization": (
        "Harvard", "Stanford", "MIT", "Yale", "Princeton", "Oxford", "Cambridge", "UCLA",
        "Columbia University", "University of Michigan", "NYU", "Berkeley", "University of Texas",
        "Duke", "Georgia Tech", "Lincoln Elementary School", "Roosevelt High School",
        "community college",
    ),
    "AMAZON.Festival": (
        "Coachella", "Lollapalooza", "Glastonbury", "Burning Man", "Mardi Gras", "Oktoberfest",
        "South by Southwest", "Sundance", "Bonnaroo", "Comic-Con", "Diwali", "Carnival",
        "Cannes Film Festival", "Edinburgh Fringe", "New Orleans Jazz Fest", "Holi",
    ),
    "AMAZON.FictionalCharacter": (
        "Harry Potter", "Sherlock Holmes", "Mickey Mouse", "Batman", "Superman", "Spider-Man",
        "Wonder Woman", "Darth Vader", "Luke Skywalker", "Frodo Baggins", "Elsa", "SpongeBob",
        "Homer Simpson", "Mario", "Pikachu", "James Bond", "Hermione Granger", "Winnie the Pooh",
        "Scooby-Doo", "Gandalf",
    ),
    "AMAZON.FoodEstablishment": (
        "Starbucks", "McDonald's", "Chipotle", "Subway", "Olive Garden", "Taco Bell",
        "Panera Bread", "Dunkin'", "Chick-fil-A", "Burger King", "Pizza Hut", "Domino's", "Wendy's",
        "KFC", "Applebee's", "Shake Shack", "In-N-Out", "the diner",
    ),
    "AMAZON.Food": (
        "pizza", "burger", "sushi", "tacos", "pasta", "salad", "sandwich", "chicken", "steak",
        "soup", "rice", "noodles", "burrito", "fries", "curry", "pancakes", "eggs", "bacon",
        "hot dog", "ramen", "lasagna", "bread", "cheese", "pad thai",
    ),
    "AMAZON.Game": (
        "chess", "checkers", "Monopoly", "Scrabble", "poker", "Uno", "bingo", "tic tac toe", "Clue",
        "Jeopardy", "Trivial Pursuit", "blackjack", "solitaire", "crossword", "sudoku",
        "Candy Land", "Jenga", "Pictionary", "hide and seek", "Settlers of Catan",
    ),
    "AMAZON.Genre": (
        "rock", "pop", "jazz", "classical", "hip hop", "country", "blues", "reggae", "electronic",
        "R&B", "metal", "folk", "soul", "punk", "comedy", "drama", "horror", "science fiction",
        "romance", "thriller", "documentary", "fantasy", "mystery", "action",
    ),
    "AMAZON.Landform": (
        "Mount Everest", "Grand Canyon", "Mississippi River", "Rocky Mountains", "Sahara Desert",
        "Amazon River", "Lake Michigan", "Niagara Falls", "the Alps", "Mount Rainier",
        "Death Valley", "Pacific Ocean", "Lake Tahoe", "Mount Kilimanjaro", "Great Barrier Reef",
        "Nile", "Appalachian Mountains", "Yosemite Valley",
    ),
    "AMAZON.LandmarksOrHistoricalBuildings": (
        "Eiffel Tower", "Statue of Liberty", "Great Wall of China", "Taj Mahal", "Colosseum",
        "Big Ben", "Golden Gate Bridge", "Empire State Building", "Lincoln Memorial",
        "Machu Picchu", "Stonehenge", "Leaning Tower of Pisa", "Sydney Opera House",
        "Mount Rushmore", "Tower of London", "Space Needle", "Pyramids of Giza", "Acropolis",
    ),
    "AMAZON.Language": (
        "English", "Spanish|Castilian|Español", "French|Français", "German|Deutsch", "Italian",
        "Portuguese", "Chinese", "Mandarin|Mandarin Chinese", "Cantonese", "Japanese", "Korean",
        "Arabic", "Hindi", "Bengali", "Russian", "Turkish", "Dutch", "Swedish", "Norwegian",
        "Danish", "Finnish", "Polish", "Greek", "Hebrew", "Thai", "Vietnamese", "Indonesian",
        "Malay", "Tagalog|Filipino", "Swahili", "Urdu", "Punjabi", "Tamil", "Telugu",
        "Persian|Farsi", "Ukrainian", "Czech", "Hungarian", "Romanian", "Catalan", "Irish|Gaelic",
        "Welsh", "American Sign Language|ASL",
    ),
    "AMAZON.LocalBusiness": (
        "Home Depot", "Target", "Costco", "Walgreens", "CVS", "Best Buy", "Whole Foods",
        "Trader Joe's", "Lowe's", "Kroger", "Safeway", "Macy's", "Barnes & Noble", "IKEA",
        "Bank of America", "Chase", "FedEx", "UPS Store",
    ),
    "AMAZON.LocalBusinessType": (
        "restaurant", "coffee shop", "pharmacy", "grocery store", "gas station", "bank",
        "hair salon", "barber shop", "gym", "dentist", "bakery", "bar", "hotel", "dry cleaner",
        "car wash", "hardware store", "bookstore", "florist", "pet store", "post office",
        "laundromat", "auto repair shop",
    ),
    "AMAZON.MedicalOrganization": (
        "Mayo Clinic", "Cleveland Clinic", "Johns Hopkins Hospital", "Kaiser Permanente",
        "Mount Sinai", "Massachusetts General Hospital", "urgent care", "emergency room",
        "Red Cross", "children's hospital", "MD Anderson", "Cedars-Sinai", "walk-in clinic",
        "St. Jude", "NHS", "Planned Parenthood",
    ),
    "AMAZON.Month": (
        "January|jan", "February|feb", "March|mar", "April|apr", "May", "June|jun", "July|jul",
        "August|aug", "September|sep|sept", "October|oct", "November|nov", "December|dec",
    ),
    "AMAZON.Movie": (
        "The Godfather", "Titanic", "Star Wars", "Jurassic Park", "The Dark Knight", "Forrest Gump",
        "Casablanca", "Pulp Fiction", "The Lion King", "Frozen", "Avatar", "Inception",
        "Black Panther", "Toy Story", "Jaws", "E.T.", "Back to the Future", "The Matrix",
        "Parasite", "Gone with the Wind",
    ),
    "AMAZON.MovieSeries": (
        "Star Wars", "Harry Potter", "The Lord of the Rings", "James Bond", "Jurassic Park",
        "Toy Story", "The Avengers", "Fast and Furious", "Mission: Impossible", "Indiana Jones",
        "The Godfather", "Rocky", "Pirates of the Caribbean", "Shrek", "Back to the Future",
        "The Matrix",
    ),
    "AMAZON.MovieTheater": (
        "AMC", "Regal", "Cinemark", "Alamo Drafthouse", "the IMAX", "Odeon", "Vue", "Cineworld",
        "Landmark Theatres", "Harkins", "Marcus Theatres", "the drive-in", "Showcase Cinemas",
        "Angelika Film Center", "ArcLight", "Studio Movie Grill",
    ),
    "AMAZON.MusicAlbum": (
        "Thriller", "Abbey Road", "Back in Black", "Rumours", "The Dark Side of the Moon",
        "Purple Rain", "OK Computer", "21", "1989", "Lemonade", "Born to Run", "Led Zeppelin IV",
        "Hotel California", "Kind of Blue", "Sgt. Pepper's", "Random Access Memories", "Folklore",
        "Blue",
    ),
    "AMAZON.MusicGroup": (
        "The Beatles", "Queen", "The Rolling Stones", "Coldplay", "Led Zeppelin", "Pink Floyd",
        "U2", "ABBA", "Nirvana", "Metallica", "Radiohead", "BTS", "Fleetwood Mac", "AC/DC",
        "Maroon 5", "Imagine Dragons", "The Eagles", "Destiny's Child", "Foo Fighters",
        "Red Hot Chili Peppers",
    ),
    "AMAZON.Musician": (
        "Taylor Swift", "Beyoncé", "Elvis Presley", "Michael Jackson", "Ed Sheeran", "Adele",
        "Bruno Mars", "Billie Eilish", "Bob Dylan", "Madonna", "Drake", "Lady Gaga", "Elton John",
        "Rihanna", "Bruce Springsteen", "Ariana Grande", "Johnny Cash", "Yo-Yo Ma", "Miles Davis",
        "Dolly Parton",
    ),
    "AMAZON.MusicRecording": (
        "Bohemian Rhapsody", "Imagine", "Hey Jude", "Billie Jean", "Shape of You",
        "Like a Rolling Stone", "Hotel California", "Yesterday", "Uptown Funk",
        "Rolling in the Deep", "Smells Like Teen Spirit", "Sweet Child o' Mine", "Shake It Off",
        "Purple Rain", "Respect", "Happy", "Despacito", "Let It Be",
    ),
    "AMAZON.MusicVenue": (
        "Madison Square Garden", "Red Rocks", "Carnegie Hall", "the Hollywood Bowl",
        "Royal Albert Hall", "Radio City Music Hall", "the Ryman", "Wembley Stadium", "The O2",
        "Sydney Opera House", "Grand Ole Opry", "the Fillmore", "Blue Note", "Apollo Theater",
        "House of Blues", "The Gorge",
    ),
    "AMAZON.MusicVideo": (
        "Thriller", "Bad Romance", "Gangnam Style", "Single Ladies", "Hotline Bling", "Take On Me",
        "November Rain", "Sledgehammer", "Vogue", "Hurt", "Formation", "Shake It Off",
        "Uptown Funk", "Despacito", "Bohemian Rhapsody", "Sabotage",
    ),
    "AMAZON.Organization": (
        "United Nations", "Red Cross", "NASA", "World Health Organization", "UNICEF", "Greenpeace",
        "NATO", "FBI", "Boy Scouts", "Girl Scouts", "YMCA", "Doctors Without Borders",
        "Habitat for Humanity", "the Salvation Army", "NAACP", "World Wildlife Fund", "Peace Corps",
        "the Smithsonian",
    ),
    "AMAZON.Person": (
        "Barack Obama", "Albert Einstein", "Abraham Lincoln", "Oprah Winfrey",
        "Martin Luther King Jr.", "Queen Elizabeth", "Nelson Mandela", "Marie Curie", "Elon Musk",
        "Bill Gates", "Mahatma Gandhi", "Steve Jobs", "Rosa Parks", "Winston Churchill",
        "George Washington", "Malala Yousafzai", "Isaac Newton",
    ),
    "AMAZON.Professional": (
        "Dr. Oz", "Dr. Phil", "Gordon Ramsay", "Anthony Fauci", "Neil deGrasse Tyson", "Judge Judy",
        "Bill Nye", "Martha Stewart", "Suze Orman", "Jamie Oliver", "Sanjay Gupta",
        "Warren Buffett", "Tony Robbins", "Ina Garten", "Bob Ross", "Jane Goodall",
    ),
    "AMAZON.Residence": (
        "White House", "Buckingham Palace", "Graceland", "Windsor Castle", "Kensington Palace",
        "Mar-a-Lago", "Neverland Ranch", "Monticello", "Mount Vernon", "10 Downing Street",
        "Balmoral Castle", "Hearst Castle", "Biltmore Estate", "Sandringham House", "Élysée Palace",
        "Highclere Castle",
    ),
    "AMAZON.Room": (
        "living room", "kitchen", "bedroom", "master bedroom", "bathroom", "dining room", "office",
        "home office", "garage", "basement", "attic", "hallway", "guest room", "nursery",
        "laundry room", "family room", "den", "study", "patio", "porch", "playroom", "kids room",
        "utility room", "closet",
    ),
    "AMAZON.ScreeningEvent": (
        "Academy Awards", "the Oscars", "Golden Globes", "Cannes Film Festival",
        "Sundance Film Festival", "Toronto International Film Festival", "Venice Film Festival",
        "Berlinale", "Tribeca Film Festival", "the premiere", "midnight screening", "matinee",
        "SXSW Film Festival", "BAFTAs", "Emmys", "advance screening",
    ),
    "AMAZON.Service": (
        "Netflix", "Uber", "Lyft", "Amazon Prime", "Spotify", "DoorDash", "Grubhub", "Hulu",
        "Disney Plus", "Airbnb", "PayPal", "Venmo", "Instacart", "Uber Eats", "Apple Music",
        "YouTube TV", "Postmates", "Zelle",
    ),
    "AMAZON.SocialMediaPlatform": (
        "Facebook", "Instagram", "Twitter", "X", "TikTok", "Snapchat", "LinkedIn", "YouTube",
        "Pinterest", "Reddit", "WhatsApp", "Tumblr", "Discord", "Twitch", "Threads", "WeChat",
        "Telegram", "Mastodon",
    ),
    "AMAZON.SoftwareApplication": (
        "Microsoft Word", "Excel", "PowerPoint", "Photoshop", "Google Chrome", "Slack", "Zoom",
        "Spotify", "Outlook", "Gmail", "Google Maps", "Dropbox", "Skype", "Firefox", "Notepad",
        "iTunes", "Microsoft Teams", "Adobe Acrobat",
    ),
    "AMAZON.SoftwareGame": (
        "Minecraft", "Tetris", "Solitaire", "Candy Crush", "Angry Birds", "Fortnite", "The Sims",
        "SimCity", "Pac-Man", "Words With Friends", "Among Us", "Roblox", "Pokémon Go",
        "Clash of Clans", "Wordle", "Minesweeper",
    ),
    "AMAZON.Sport": (
        "baseball", "basketball", "football|american football", "soccer|association football",
        "hockey|ice hockey", "tennis", "golf", "cricket", "rugby", "volleyball", "boxing",
        "swimming", "cycling|biking", "running|jogging", "skiing", "snowboarding", "surfing",
        "skateboarding", "table tennis|ping pong", "badminton", "lacrosse", "softball", "wrestling",
        "gymnastics", "track and field|athletics", "martial arts", "mixed martial arts|MMA",
        "bowling", "field hockey", "handball", "rowing", "sailing", "rock climbing|climbing",
        "Formula One|F1", "auto racing|car racing", "darts", "snooker", "squash", "fencing",
        "archery",
    ),
    "AMAZON.SportsEvent": (
        "Super Bowl", "World Series", "World Cup", "Olympics", "Wimbledon", "NBA Finals",
        "Stanley Cup Final", "Kentucky Derby", "Masters", "Tour de France", "Boston Marathon",
        "Daytona 500", "US Open", "March Madness", "Champions League Final", "Indy 500",
        "Ryder Cup", "Rose Bowl",
    ),
    "AMAZON.SportsTeam": (
        "New York Yankees", "Los Angeles Lakers", "Dallas Cowboys", "Boston Red Sox",
        "Golden State Warriors", "Chicago Bulls", "New England Patriots", "Green Bay Packers",
        "Manchester United", "Real Madrid", "FC Barcelona", "Seattle Seahawks", "Chicago Cubs",
        "Toronto Maple Leafs", "Liverpool", "Boston Celtics", "Kansas City Chiefs",
        "Los Angeles Dodgers",
    ),
    "AMAZON.TelevisionChannel": (
        "NBC", "CBS", "ABC", "Fox", "CNN", "ESPN", "HBO", "PBS", "BBC One", "ITV", "Channel 4",
        "Discovery", "History Channel", "Food Network", "Nickelodeon", "Cartoon Network", "AMC",
        "Showtime", "Bravo", "TNT",
    ),
    "AMAZON.TVEpisode": (
        "The Rains of Castamere", "Ozymandias", "The Contest", "Pilot",
        "Goodbye, Farewell and Amen", "The One with the Embryos", "Once More with Feeling", "Blink",
        "The Constant", "Fly", "The Body", "Hush", "Battle of the Bastards", "The Suitcase",
        "Chapter One: The Vanishing of Will Byers", "Dinner Party",
    ),
    "AMAZON.TVSeason": (
        "season one", "season two", "season three", "season four", "season five",
        "the first season", "the second season", "the final season", "the last season",
        "the new season", "series one", "series two", "season 1", "season 2", "season 10",
        "the latest season",
    ),
    "AMAZON.TVSeries": (
        "Friends", "The Office", "Game of Thrones", "Breaking Bad", "Stranger Things",
        "The Simpsons", "Seinfeld", "The Crown", "Grey's Anatomy", "The Mandalorian",
        "Sesame Street", "The Big Bang Theory", "Ted Lasso", "Succession", "Downton Abbey",
        "Doctor Who", "Jeopardy!", "The Walking Dead",
    ),
    "AMAZON.VideoGame": (
        "Minecraft", "Fortnite", "Super Mario Bros.", "The Legend of Zelda", "Grand Theft Auto V",
        "Call of Duty", "Halo", "Tetris", "Pokémon Red", "Animal Crossing", "Mario Kart",
        "Overwatch", "League of Legends", "Red Dead Redemption 2", "Elden Ring", "FIFA",
        "Madden NFL", "The Last of Us",
    ),
    "AMAZON.WeatherCondition": (
        "sunny|sun|sunshine", "cloudy|clouds", "partly cloudy", "overcast", "rain|rainy|raining",
        "drizzle", "showers|rain showers", "thunderstorm|thunderstorms", "storm|stormy",
        "snow|snowy|snowing", "sleet", "hail", "fog|foggy", "mist|misty", "windy|wind",
        "clear|clear skies", "humid|humidity", "hot", "warm", "cold", "cool", "freezing",
        "frost|frosty", "heat wave|heatwave", "blizzard", "hurricane", "tornado", "haze|hazy",
        "smog", "icy|ice", "lightning", "dust storm|sandstorm",
    ),
    "AMAZON.WrittenCreativeWork": (
        "Hamlet", "The Raven", "Romeo and Juliet", "The Odyssey", "Don Quixote", "Leaves of Grass",
        "The Road Not Taken", "Macbeth", "Paradise Lost", "The Canterbury Tales", "Frankenstein",
        "Dracula", "Beowulf", "The Iliad", "Ulysses", "The Waste Land", "Les Misérables",
        "Anna Karenina",
    ),
    "AMAZON.DayOfWeek": (
        "Monday|mon", "Tuesday|tue|tues", "Wednesday|wed|weds", "Thursday|thu|thur|thurs",
        "Friday|fri", "Saturday|sat", "Sunday|sun",
    ),
    # Lex V1's own unit types resolve to the abbreviations its docs list.
    "AMAZON.SpeedUnit": (
        "mph|miles per hour|mile per hour|miles an hour|m/h",
        "kmph|kilometers per hour|kilometres per hour|km per hour|km/h|kph|kilometers an hour",
        "mps|meters per second|metres per second|m/s", "knot|knots|nautical miles per hour",
    ),
    "AMAZON.WeightUnit": (
        "kg|kilograms|kilogram|kilos|kilo|kgs", "g|grams|gram|gms|gm",
        "mg|milligrams|milligram|mgs", "lbs|pounds|pound|lb", "oz|ounces|ounce",
        "t|tonne|tonnes|ton|tons", "kt|kiloton|kilotons",
    ),
}
# fmt: on
