standard-title = The rest of the service standard
standard-intro = Every agency publishes the fourteen components of each service's standard (Minister of Administrative Reform Regulation 15/2014). The requirements, procedure, time, fee, product and legal basis are above; these are the others.
standard-complaint-handling = Complaints, suggestions and input
standard-complain-link = File a complaint about this agency
standard-facilities = Facilities
standard-staff-competence = Staff competence
standard-internal-supervision = Internal supervision
standard-staff-count = Number of staff
standard-staff-count-value = { $n ->
    [one] One officer delivers this service
   *[other] { $n } officers deliver this service
}
standard-service-guarantee = Service guarantee
standard-security-guarantee = Security and safety guarantee
standard-performance-evaluation = Evaluation of staff performance
standard-performance-link = How this service performs
